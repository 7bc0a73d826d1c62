"""Editor groups per province and accounts for enterprises.

A provincial editor group gets Wagtail page permissions on the root page of every
Site its province owns (see ``provinces.sites_for_province``) and nowhere else, so
its members cannot touch another province's tree. An enterprise account gets a group
of its own with permissions on its EnterprisePage only; Wagtail page permissions
apply to the page and its descendants, which covers the enterprise's offerings.

Both functions are idempotent: running them again adds what is missing and never
duplicates a group, a permission or a user.

Sub-apps give provincial editors model permissions for their own admin screens
through a Wagtail hook, so this module never imports them::

    @hooks.register("register_doeners_editor_permissions")
    def editor_permissions():
        return [("doeners_matchmaking", "view_match"), ...]
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from wagtail_doeners.conf import PROVINCES

from .provinces import province_label, sites_for_province

#: Page permissions of a provincial editor: everything but bulk delete.
EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
#: An enterprise edits and publishes its own page and adds offerings under it.
ENTERPRISE_PAGE_PERMISSIONS = ("add", "change", "publish")
#: Image permissions on the group's collection (logos, offering photos).
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")
#: Taxonomy snippets editors may see; they are edited by administrators only.
TAXONOMY_VIEW_PERMISSIONS = (
    ("doeners_pages", "view_province"),
    ("doeners_pages", "view_offeringcategory"),
    ("doeners_pages", "view_certification"),
    ("doeners_pages", "view_nacecode"),
)


def province_group_name(province):
    return f"Doeners editors {province_label(province, 'nl')}"


def enterprise_group_name(enterprise):
    return f"Doeners enterprise {enterprise.kbo_number}"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _editor_model_permissions():
    """The taxonomy view permissions plus those the sub-apps register by hook."""
    wanted = list(TAXONOMY_VIEW_PERMISSIONS)
    for hook in hooks.get_hooks("register_doeners_editor_permissions"):
        wanted.extend(tuple(pair) for pair in hook())
    return list(dict.fromkeys(wanted))


def _page_permission(action):
    page_type = ContentType.objects.get_for_model(Page)
    return Permission.objects.get(content_type=page_type, codename=f"{action}_page")


def _grant_page(group, page, actions):
    for action in actions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(action)
        )


def _collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def _grant_images(group, collection_name):
    collection = _collection(collection_name)
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtailimages", codename)
        )


@transaction.atomic
def setup_province_group(province):
    """Create or complete the editor group of ``province``; return the Group.

    Raises ``ValueError`` when the province is unknown or no Site serves it, because
    a group without pages would give its members an empty admin.
    """
    if province not in PROVINCES:
        raise ValueError(f"Unknown province {province!r}; expected one of {', '.join(PROVINCES)}.")
    sites = sites_for_province(province)
    if not sites:
        raise ValueError(f"No Wagtail Site serves province {province!r}.")
    group, _ = Group.objects.get_or_create(name=province_group_name(province))
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    for app_label, codename in _editor_model_permissions():
        group.permissions.add(_permission(app_label, codename))
    for site in sites:
        _grant_page(group, site.root_page, EDITOR_PAGE_PERMISSIONS)
    _grant_images(group, f"Doeners {province_label(province, 'nl')}")
    return group


@transaction.atomic
def setup_enterprise_account(enterprise, username, *, email="", password=None):
    """Give ``enterprise`` a user that may edit only its own page and offerings.

    Returns ``(user, created)``. An existing user keeps its password unless one is
    given; it is added to the enterprise's group.
    """
    enterprise = enterprise.specific
    group, _ = Group.objects.get_or_create(name=enterprise_group_name(enterprise))
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    _grant_page(group, enterprise, ENTERPRISE_PAGE_PERMISSIONS)
    _grant_images(group, f"Doeners {enterprise.kbo_number}")

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"email": email, "is_staff": False}
    )
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(group)
    return user, created


def add_to_province_group(user, province):
    user.groups.add(setup_province_group(province))


def user_provinces(user):
    """The provinces whose trees ``user`` holds page permissions on.

    Superusers get every province. Derived from the page permissions rather than
    from group names, so a group set up by hand in the admin counts too.
    """
    from wagtail.models import Site

    from .provinces import get_site_province

    if not user.is_active or user.is_anonymous:
        return set()
    if user.is_superuser:
        return set(PROVINCES)
    granted = list(
        GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
    )
    provinces = set()
    for site in Site.objects.select_related("root_page"):
        root_path = site.root_page.path
        # A permission on the site root or above covers the whole site.
        if any(root_path.startswith(path) for path in granted):
            provinces.add(get_site_province(site))
    return provinces
