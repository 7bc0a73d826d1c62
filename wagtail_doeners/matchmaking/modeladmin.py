"""Admin listings: the demand moderation queue, contact requests, matches and good
practices, each limited to the user's provinces (``ProvinceScopedModelAdmin``)."""

from django.contrib import messages
from django.db import transaction
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.views import EditView

from wagtail_doeners.admin import ProvinceScopedModelAdmin, ProvinceScopedPermissionHelper

from .choices import StatusChangeSource, SubmissionStatus
from .lifecycle import COLLABORATION_FIELDS, set_status
from .models import ContactRequest, DemandSubmission, GoodPractice, Match

#: Model permissions a provincial editor group needs for these screens, handed to
#: ``pages.permissions`` through the ``register_doeners_editor_permissions`` hook
#: (rows stay limited to the province).
EDITOR_PERMISSIONS = (
    ("doeners_matchmaking", "view_demandsubmission"),
    ("doeners_matchmaking", "change_demandsubmission"),
    ("doeners_matchmaking", "view_contactrequest"),
    ("doeners_matchmaking", "view_match"),
    ("doeners_matchmaking", "change_match"),
    ("doeners_matchmaking", "add_goodpractice"),
    ("doeners_matchmaking", "change_goodpractice"),
    ("doeners_matchmaking", "view_goodpractice"),
)


class _NoCreatePermissionHelper(ProvinceScopedPermissionHelper):
    # These rows come from the public forms; staff never create them by hand.
    def user_can_create(self, user):
        return False


class _ReadOnlyPermissionHelper(_NoCreatePermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False


class _PendingOnlyPermissionHelper(_NoCreatePermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return obj.status == SubmissionStatus.PENDING and super().user_can_edit_obj(user, obj)


class DemandSubmissionAdmin(ProvinceScopedModelAdmin):
    model = DemandSubmission
    permission_helper_class = _PendingOnlyPermissionHelper
    menu_label = _("Demand moderation")
    menu_icon = "help"
    menu_order = 310
    list_display = ("title", "kind", "category", "province", "created_at", "status", "moderate")
    list_filter = ("status", "kind", "province")
    search_fields = ("title", "description")
    inspect_view_enabled = True
    form_fields_exclude = [
        "status",
        "reject_reason",
        "demand_page",
        "moderated_by",
        "moderated_at",
        "company_key",
        "buyer_province",
        "province",
        "consent",
        "consent_at",
        "language",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")

    def moderate(self, obj):
        if obj.status != SubmissionStatus.PENDING:
            return obj.get_status_display()
        url = reverse("doeners_matchmaking_moderate", args=[obj.pk])
        return format_html('<a class="button button-small" href="{}">{}</a>', url, _("Moderate"))

    moderate.short_description = _("moderation")


class ContactRequestAdmin(ProvinceScopedModelAdmin):
    model = ContactRequest
    permission_helper_class = _ReadOnlyPermissionHelper
    menu_label = _("Contact requests")
    menu_icon = "mail"
    menu_order = 320
    inspect_view_enabled = True
    list_display = ("created_at", "company_name", "offering", "enterprise", "buyer_province")
    list_filter = ("province", "buyer_province", "size_class")
    search_fields = ("company_name", "message")


class MatchEditView(EditView):
    """Status corrections go through ``lifecycle.set_status`` so the history,
    timestamps and events stay right."""

    def form_valid(self, form):
        new_status = form.cleaned_data["status"]
        collaboration = {f: form.cleaned_data.get(f) for f in COLLABORATION_FIELDS}
        with transaction.atomic():
            match = Match.objects.get(pk=self.instance.pk)
            for field, value in collaboration.items():
                setattr(match, field, value)
            match.save(update_fields=list(COLLABORATION_FIELDS))
            set_status(match, new_status, source=StatusChangeSource.ADMIN)
        self.instance = match
        messages.success(self.request, self.get_success_message(match))
        from django.shortcuts import redirect

        return redirect(self.get_success_url())


class MatchAdmin(ProvinceScopedModelAdmin):
    model = Match
    province_field = "supplier_province"
    permission_helper_class = _NoCreatePermissionHelper
    edit_view_class = MatchEditView
    menu_label = _("Matches")
    menu_icon = "link"
    menu_order = 330
    inspect_view_enabled = True
    list_display = (
        "created_at",
        "source",
        "enterprise",
        "category",
        "buyer_province",
        "supplier_province",
        "status",
        "value_band",
    )
    list_filter = ("status", "source", "supplier_province", "buyer_province", "value_band")
    form_fields_exclude = [
        "created_at",
        "source",
        "contact_request",
        "demand_response",
        "enterprise",
        "company_key",
        "buyer_province",
        "supplier_province",
        "nace_section",
        "size_class",
        "replied_at",
        "quote_sent_at",
        "confirmed_at",
        "lost_at",
    ]


class GoodPracticeAdmin(ProvinceScopedModelAdmin):
    model = GoodPractice
    menu_label = _("Good practices")
    menu_icon = "pick"
    menu_order = 340
    list_display = ("title", "enterprise", "province", "published")
    list_filter = ("published", "province")
    search_fields = ("title", "summary")


def admin_urls():
    from .views import admin as views
    from .views import enterprise

    return [
        re_path(
            r"^doeners/matchmaking/demands/$",
            enterprise.demand_list,
            name="doeners_matchmaking_enterprise_demands",
        ),
        re_path(
            r"^doeners/matchmaking/demands/(?P<demand_id>\d+)/respond/$",
            enterprise.respond_from_account,
            name="doeners_matchmaking_enterprise_respond",
        ),
        re_path(
            r"^doeners/matchmaking/submissions/(?P<pk>\d+)/moderate/$",
            views.moderate_submission,
            name="doeners_matchmaking_moderate",
        ),
        re_path(
            r"^doeners/matchmaking/unmet/$",
            views.unmet_demand,
            name="doeners_matchmaking_unmet",
        ),
    ]
