import pytest

from engage.accounts.scoping import (
    coordinated_faculty_ids,
    coordinates_faculty,
    faculty_scope,
    is_coordinator,
    is_engage_coordinator,
)
from engage.university.models import Faculty, Programme

pytestmark = pytest.mark.django_db


def test_central_coordinator_sees_every_faculty(coordinator):
    assert is_engage_coordinator(coordinator)
    assert coordinated_faculty_ids(coordinator) is None
    assert Programme.objects.filter(faculty_scope(coordinator)).count() == (
        Programme.objects.count()
    )


def test_faculty_coordinator_sees_only_their_faculties(faculty_coordinator):
    arts = Faculty.objects.get(code="ARTS")
    medicine = Faculty.objects.get(code="MED")
    assert coordinated_faculty_ids(faculty_coordinator) == {arts.pk}
    assert coordinates_faculty(faculty_coordinator, arts.pk)
    assert not coordinates_faculty(faculty_coordinator, medicine.pk)
    visible = Programme.objects.filter(faculty_scope(faculty_coordinator))
    assert visible.exists()
    assert set(visible.values_list("faculty__code", flat=True)) == {"ARTS"}


def test_students_and_partners_see_no_faculty_rows(student, partner_user):
    for user in (student, partner_user):
        assert not is_coordinator(user)
        assert not Programme.objects.filter(faculty_scope(user)).exists()
