import factory

from engage.university.models import AcademicYear, Campus, Faculty, Programme
from engage.university.reference_data import academic_year_dates


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"F{n}")
    name_en = factory.LazyAttribute(lambda o: f"Faculty {o.code}")
    name_nl = factory.LazyAttribute(lambda o: f"Faculteit {o.code}")
    group = Faculty.Group.HUMANITIES


class CampusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campus
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n}")
    name_en = factory.LazyAttribute(lambda o: f"Campus {o.code}")
    name_nl = factory.LazyAttribute(lambda o: f"Campus {o.code}")
    city_en = "Leuven"
    city_nl = "Leuven"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n}")
    name_en = factory.LazyAttribute(lambda o: f"Programme {o.code}")
    name_nl = factory.LazyAttribute(lambda o: f"Opleiding {o.code}")
    level = Programme.Level.BACHELOR
    faculty = factory.SubFactory(FacultyFactory)


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("label",)

    class Params:
        first_year = 2026

    label = factory.LazyAttribute(lambda o: f"{o.first_year}-{o.first_year + 1}")
    start_date = factory.LazyAttribute(lambda o: academic_year_dates(o.first_year)[0])
    end_date = factory.LazyAttribute(lambda o: academic_year_dates(o.first_year)[1])
