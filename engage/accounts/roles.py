"""What each role may do, as Django permissions (row rules live in permission policies).

Patterns are `app_label.codename` with shell wildcards; they are matched against
the permissions that exist, so a module's new models join their role automatically.
"""

from fnmatch import fnmatchcase

from engage.accounts.models import Role

ENGAGE_MODULE_APPS = [
    "university",
    "taxonomy",
    "partners",
    "placements",
    "science_shop",
    "volunteering",
    "impact",
    "cms",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ENGAGE_COORDINATOR: [
        "wagtailadmin.access_admin",
        *(f"{app}.*" for app in ENGAGE_MODULE_APPS),
        "wagtailimages.*",
        "wagtaildocs.*",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
        "wagtailredirects.*",
        "wagtailsearchpromotions.*",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "wagtailcore.view_logentry",
        "django_tasks_db.view_dbtaskresult",
    ],
    Role.FACULTY_COORDINATOR: [
        "wagtailadmin.access_admin",
        "university.view_*",
        "taxonomy.view_*",
        "partners.view_*",
        # Not the office-wide partner settings; row rules live in partners.permissions.
        "partners.add_organisation",
        "partners.add_contact",
        "partners.add_agreement",
        "partners.add_interaction",
        "partners.change_organisation",
        "partners.change_contact",
        "partners.change_agreement",
        "partners.change_interaction",
        "placements.*",
        "science_shop.view_*",
        # Not KOTengage (the central office's) nor the user accounts: a faculty
        # coordinator meets students only through their faculties' placements.
        "impact.view_*",
        "impact.add_impactreport",
    ],
    Role.LECTURER: [],
    Role.STUDENT: [],
    Role.PARTNER_CONTACT: [],
}

# Page and collection rights for roles that edit the public site in Wagtail.
ROLE_PAGE_PERMISSIONS = {
    Role.ENGAGE_COORDINATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}
ROLE_COLLECTION_PERMISSIONS = {
    Role.ENGAGE_COORDINATOR: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
}


def matching_permissions(patterns, permissions):
    """The permissions whose `app_label.codename` matches one of `patterns`."""
    result = []
    for permission in permissions:
        key = f"{permission.content_type.app_label}.{permission.codename}"
        if any(fnmatchcase(key, pattern) for pattern in patterns):
            result.append(permission)
    return result


def sync_role_permissions(apps=None, **kwargs) -> None:
    """Create the role groups if needed and give them exactly their declared rights."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    all_permissions = list(Permission.objects.select_related("content_type"))
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(matching_permissions(patterns, all_permissions))
    _sync_wagtail_permissions(apps, all_permissions)


def _sync_wagtail_permissions(apps, all_permissions) -> None:
    try:
        Page = apps.get_model("wagtailcore", "Page")
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        GroupCollectionPermission = apps.get_model(
            "wagtailcore", "GroupCollectionPermission"
        )
    except LookupError:
        return
    Group = apps.get_model("auth", "Group")
    by_codename = {(p.content_type.app_label, p.codename): p for p in all_permissions}
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=str(role))
        for codename in codenames:
            permission = by_codename.get(("wagtailcore", codename))
            if root_page and permission:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
    for role, codenames in ROLE_COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=str(role))
        for codename in codenames:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            permission = by_codename.get((app_label, codename))
            if root_collection and permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
