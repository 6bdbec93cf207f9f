import pytest
from django.contrib.auth.models import Group

from engage.accounts.models import Role
from engage.accounts.roles import sync_role_permissions

pytestmark = pytest.mark.django_db


def _codenames(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_every_role_has_a_group_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {str(role) for role in Role} <= names


def test_engage_coordinator_manages_reference_data_and_enters_the_admin():
    perms = _codenames(Group.objects.get(name=Role.ENGAGE_COORDINATOR))
    assert "wagtailadmin.access_admin" in perms
    for model in ("faculty", "campus", "programme", "academicyear"):
        for action in ("add", "change", "delete", "view"):
            assert f"university.{action}_{model}" in perms
    for model in ("sdg", "targetgroup", "theme"):
        assert f"taxonomy.change_{model}" in perms


def test_faculty_coordinator_reads_reference_data_but_does_not_edit_it():
    perms = _codenames(Group.objects.get(name=Role.FACULTY_COORDINATOR))
    assert "wagtailadmin.access_admin" in perms
    assert "university.view_faculty" in perms
    assert "university.change_faculty" not in perms
    assert "taxonomy.delete_sdg" not in perms


@pytest.mark.parametrize("role", [Role.LECTURER, Role.STUDENT, Role.PARTNER_CONTACT])
def test_site_roles_have_no_admin_access(role):
    perms = _codenames(Group.objects.get(name=role))
    assert "wagtailadmin.access_admin" not in perms


def test_sync_is_idempotent_and_restores_removed_rights():
    group = Group.objects.get(name=Role.ENGAGE_COORDINATOR)
    before = _codenames(group)
    group.permissions.clear()
    sync_role_permissions()
    sync_role_permissions()
    assert _codenames(group) == before


def test_coordinator_may_edit_pages(coordinator, site_pages):
    from wagtail.models import Page

    home = Page.objects.get(slug="home")
    assert home.permissions_for_user(coordinator).can_edit()
    assert home.permissions_for_user(coordinator).can_publish()
