"""Filters for the admin listings (django-filter), with choices scoped to the user."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from engage.accounts.scoping import coordinated_faculty_ids
from engage.taxonomy.models import TargetGroup
from engage.university.models import AcademicYear, Campus, Faculty, Programme
from partners.models import Organisation
from placements.models import Course, Enrolment, Offer, Placement
from placements.permissions import course_scope


def _user(request):
    return getattr(request, "user", None)


def faculties_for(request):
    ids = coordinated_faculty_ids(_user(request))
    queryset = Faculty.objects.all()
    return queryset if ids is None else queryset.filter(pk__in=ids)


def scoped_courses(user):
    return (
        Course.objects.filter(course_scope(user))
        .select_related("academic_year")
        .order_by("-academic_year__start_date", "code")
    )


def courses_for(request):
    return scoped_courses(_user(request))


def programmes_for(request):
    ids = coordinated_faculty_ids(_user(request))
    queryset = Programme.objects.select_related("faculty")
    return queryset if ids is None else queryset.filter(faculty_id__in=ids)


def organisations_for(request):
    """Organisations that host at least one offer."""
    return Organisation.objects.filter(
        pk__in=Offer.objects.values("organisation_id")
    ).order_by("name")


ALL_YEARS = "all"


def _year_choices():
    return [(ALL_YEARS, _("All years"))] + [
        (str(year.pk), year.label)
        for year in AcademicYear.objects.order_by("-start_date")
    ]


class AcademicYearFilter(django_filters.ChoiceFilter):
    """One academic year, or "all" (kept in the URL like any other filter)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Academic year"))
        super().__init__(choices=_year_choices, empty_label=None, **kwargs)

    def filter(self, qs, value):
        if not value or value == ALL_YEARS:
            return qs
        return qs.filter(**{self.field_name: value})


class CurrentYearByDefaultFilterSet(WagtailFilterSet):
    """Listings of per-year rows open on the current academic year; "All years"
    shows the others."""

    def __init__(self, data=None, *args, **kwargs):
        current = AcademicYear.objects.current()
        if current is not None and data is not None and not data.get("academic_year"):
            data = data.copy()
            data["academic_year"] = str(current.pk)
        super().__init__(data, *args, **kwargs)
        if current is not None:
            # The default is not an active filter (no "remove" pill for it).
            self.filters["academic_year"].extra["initial"] = str(current.pk)


class CourseFilterSet(CurrentYearByDefaultFilterSet):
    academic_year = AcademicYearFilter()
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=faculties_for
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), field_name="programmes", queryset=programmes_for
    )
    campus = django_filters.ModelChoiceFilter(
        label=_("Campus"), queryset=Campus.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Course.Status.choices
    )

    class Meta:
        model = Course
        fields = ["academic_year", "faculty", "programme", "campus", "status"]


class OfferFilterSet(CurrentYearByDefaultFilterSet):
    academic_year = AcademicYearFilter()
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=faculties_for, method="filter_faculty"
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), field_name="courses", queryset=courses_for
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=organisations_for
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
    )
    campus = django_filters.ModelChoiceFilter(
        label=_("Campus"), queryset=Campus.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Offer.Status.choices
    )

    class Meta:
        model = Offer
        fields = [
            "academic_year",
            "faculty",
            "course",
            "organisation",
            "target_group",
            "campus",
            "status",
        ]

    def filter_faculty(self, queryset, name, value):
        linked = Offer.courses.through.objects.filter(course__faculty=value).values(
            "offer_id"
        )
        return queryset.filter(Q(faculty=value) | Q(pk__in=linked))


class EnrolmentFilterSet(WagtailFilterSet):
    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"),
        field_name="course__academic_year",
        queryset=AcademicYear.objects.order_by("-start_date"),
    )
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), field_name="course__faculty", queryset=faculties_for
    )
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=courses_for)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=programmes_for
    )
    ranked = django_filters.BooleanFilter(
        label=_("Ranked offers"),
        field_name="preferences_submitted_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Enrolment
        fields = ["academic_year", "faculty", "course", "programme", "ranked"]


class PlacementFilterSet(WagtailFilterSet):
    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"),
        field_name="course__academic_year",
        queryset=AcademicYear.objects.order_by("-start_date"),
    )
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), field_name="course__faculty", queryset=faculties_for
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=programmes_for, method="filter_programme"
    )
    campus = django_filters.ModelChoiceFilter(
        label=_("Campus"), field_name="course__campus", queryset=Campus.objects.all()
    )
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=courses_for)
    organisation = django_filters.ModelChoiceFilter(
        label=_("Partner"), field_name="offer__organisation", queryset=organisations_for
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Placement.Status.choices
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="offer__target_groups",
        queryset=TargetGroup.objects.all(),
    )

    class Meta:
        model = Placement
        fields = [
            "academic_year",
            "faculty",
            "programme",
            "campus",
            "course",
            "organisation",
            "status",
            "target_group",
        ]

    def filter_programme(self, queryset, name, value):
        """The student's programme, or a programme the course belongs to."""
        courses = Course.programmes.through.objects.filter(programme=value).values(
            "course_id"
        )
        return queryset.filter(Q(enrolment__programme=value) | Q(course_id__in=courses))
