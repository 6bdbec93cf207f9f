import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from engage.taxonomy.models import SDG, TargetGroup, Theme
from engage.university.models import AcademicYear, Campus, Faculty, Programme

pytestmark = pytest.mark.django_db


def test_sixteen_faculties_in_three_groups(reference_data):
    assert Faculty.objects.count() == 16
    by_group = {
        group: set(
            Faculty.objects.filter(group=group).values_list("name_en", flat=True)
        )
        for group in Faculty.Group.values
    }
    assert len(by_group["hss"]) == 8 and "Law and Criminology" in by_group["hss"]
    assert by_group["set"] == {
        "Science",
        "Engineering Science",
        "Bioscience Engineering",
        "Engineering Technology",
        "Architecture",
    }
    assert by_group["bms"] == {
        "Medicine",
        "Pharmaceutical Sciences",
        "Movement and Rehabilitation Sciences",
    }
    assert all(f.name_nl for f in Faculty.objects.all())


def test_eleven_campus_cities(reference_data):
    cities = set(Campus.objects.values_list("city_en", flat=True))
    assert cities == {
        "Leuven",
        "Aalst",
        "Antwerp",
        "Bruges",
        "Brussels",
        "Diepenbeek",
        "Geel",
        "Ghent",
        "Kortrijk",
        "Ostend",
        "Sint-Katelijne-Waver",
    }


def test_every_faculty_has_programmes_on_campuses(reference_data):
    for faculty in Faculty.objects.all():
        programmes = Programme.objects.filter(faculty=faculty)
        assert programmes.exists(), faculty
        assert all(p.campuses.exists() for p in programmes)


def test_seventeen_sdgs_with_dutch_names(reference_data):
    assert list(SDG.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SDG.objects.get(number=1).name_nl == "Geen armoede"
    assert SDG.objects.get(number=13).name_nl == "Klimaatactie"
    assert not SDG.objects.filter(name_nl="").exists()


def test_target_groups_and_themes(reference_data):
    assert (
        TargetGroup.objects.filter(
            slug__in=[
                "children-youth",
                "poverty",
                "detainees",
                "older-people",
                "refugees-newcomers",
                "disabilities",
                "mental-health",
                "homeless",
            ]
        ).count()
        == 8
    )
    assert (
        Theme.objects.filter(
            slug__in=[
                "education",
                "health-care",
                "welfare",
                "environment-climate",
                "culture",
                "justice",
                "inclusion",
            ]
        ).count()
        == 7
    )


def test_one_current_academic_year(reference_data):
    current = AcademicYear.objects.current()
    assert current is not None
    assert current.start_date <= current.end_date
    assert AcademicYear.objects.filter(is_current=True).count() == 1
    other = AcademicYear.objects.exclude(pk=current.pk).first()
    other.is_current = True
    with pytest.raises(IntegrityError):
        other.save()


def test_academic_year_label_is_validated():
    year = AcademicYear(
        label="2026-2028", start_date="2026-09-14", end_date="2027-09-13"
    )
    with pytest.raises(ValidationError) as excinfo:
        year.full_clean()
    assert "label" in excinfo.value.message_dict


def test_load_reference_data_is_idempotent(reference_data):
    counts = (
        Faculty.objects.count(),
        Campus.objects.count(),
        Programme.objects.count(),
        AcademicYear.objects.count(),
        SDG.objects.count(),
    )
    call_command("load_reference_data")
    call_command("load_reference_data")
    assert counts == (
        Faculty.objects.count(),
        Campus.objects.count(),
        Programme.objects.count(),
        AcademicYear.objects.count(),
        SDG.objects.count(),
    )


def test_names_follow_the_active_language(reference_data):
    from django.utils import translation

    arts = Faculty.objects.get(code="ARTS")
    with translation.override("nl"):
        assert arts.name == "Letteren"
        assert str(arts) == "Letteren"
    with translation.override("en"):
        assert arts.name == "Arts"
