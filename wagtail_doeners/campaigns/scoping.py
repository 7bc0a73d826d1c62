"""Which campaigns and subscribers an admin user may see.

A user whose page permissions cover one or more provinces' trees (a provincial
editor or campaign manager, see ``pages.permissions.user_provinces``) sees only
the campaigns and subscribers of those provinces; Flanders-wide campaigns and
subscribers without a province stay with the users that manage Flanders (superusers
and campaign managers without a province tree). Model permissions still decide
what a user may do at all.
"""

from django.http import Http404

from wagtail_doeners.pages.permissions import user_provinces


def user_scope(user):
    """None (no province restriction) or the set of province slugs."""
    if user.is_superuser:
        return None
    if not hasattr(user, "_doeners_provinces"):
        user._doeners_provinces = user_provinces(user)
    return user._doeners_provinces or None


def scoped(queryset, user):
    scope = user_scope(user)
    if scope is None:
        return queryset
    return queryset.filter(province__slug__in=scope)


def get_scoped_or_404(queryset, user, **lookup):
    """The object, or 404 when it does not exist *or* belongs to another province
    (a 404 rather than a 403, so ids cannot be probed across provinces)."""
    obj = scoped(queryset, user).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


class ScopedListingMixin:
    """For the viewsets' index views."""

    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user)


class ScopedObjectMixin:
    """For the views of one object (edit, delete, inspect, copy, history, usage)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        scope = user_scope(self.request.user)
        if scope is not None and getattr(obj.province, "slug", None) not in scope:
            raise Http404
        return obj


class ScopedFormMixin:
    """For the add and edit views: a provincial user picks only their own provinces
    (a Flanders-wide campaign, no province, is not theirs to create)."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        scope = user_scope(self.request.user)
        field = form.fields.get("province")
        if scope is not None and field is not None:
            field.queryset = field.queryset.filter(slug__in=scope)
            field.required = True
        return form


_OBJECT_VIEWS = ("edit", "delete", "inspect", "copy", "history", "usage")
_FORM_VIEWS = ("add", "edit")


def scope_viewset(viewset_class):
    """Class decorator: give a ModelViewSet province-scoped views."""
    attrs = {
        "index_view_class": type(
            "Scoped" + viewset_class.index_view_class.__name__,
            (ScopedListingMixin, viewset_class.index_view_class),
            {},
        )
    }
    for name in (*_OBJECT_VIEWS, "add"):
        base = getattr(viewset_class, f"{name}_view_class")
        mixins = (ScopedObjectMixin,) if name in _OBJECT_VIEWS else ()
        mixins += (ScopedFormMixin,) if name in _FORM_VIEWS else ()
        attrs[f"{name}_view_class"] = type("Scoped" + base.__name__, (*mixins, base), {})
    for key, value in attrs.items():
        setattr(viewset_class, key, value)
    return viewset_class
