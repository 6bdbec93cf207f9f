"""Filters for the students' listing, the public results and the admin listing."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from engage.taxonomy.models import SDG, Language, TargetGroup
from engage.university.models import AcademicYear, Faculty
from partners.models import Organisation
from science_shop.models import (
    Discipline,
    ResearchQuestion,
    ScienceShop,
)


def _search(queryset, name, value):
    value = (value or "").strip()
    if not value:
        return queryset
    query = Q()
    for word in value.split()[:8]:
        query &= (
            Q(title__icontains=word)
            | Q(articulated_title__icontains=word)
            | Q(articulated_question__icontains=word)
            | Q(lay_summary_en__icontains=word)
            | Q(lay_summary_nl__icontains=word)
            | Q(reference__iexact=word)
        )
    return queryset.filter(query)


class _DistinctM2MFilter(django_filters.ModelChoiceFilter):
    """A many-to-many filter that never repeats a row."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{self.field_name: value}).distinct()


class _PublicQuestionFilterSet(django_filters.FilterSet):
    """What both public listings filter on: words, discipline, faculty, form, SDG."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method=_search,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    discipline = _DistinctM2MFilter(
        field_name="disciplines",
        label=_("Discipline"),
        queryset=Discipline.objects.filter(is_active=True),
        empty_label=_("All disciplines"),
    )
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"),
        queryset=Faculty.objects.filter(is_active=True),
        empty_label=_("All faculties"),
    )
    form = django_filters.ChoiceFilter(
        label=_("Form"),
        choices=ResearchQuestion.Form.choices,
        empty_label=_("All forms"),
    )
    sdg = _DistinctM2MFilter(
        field_name="sdgs",
        label=_("SDG"),
        queryset=SDG.objects.all(),
        empty_label=_("All SDGs"),
    )

    class Meta:
        model = ResearchQuestion
        fields = []


class OpenQuestionFilterSet(_PublicQuestionFilterSet):
    """The students' listing: what, where, in which form and language."""

    target_group = _DistinctM2MFilter(
        field_name="target_groups",
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
    )
    language = _DistinctM2MFilter(
        field_name="languages",
        label=_("Language"),
        queryset=Language.objects.all(),
        empty_label=_("All languages"),
    )


class ResultFilterSet(_PublicQuestionFilterSet):
    """The public results page."""

    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"),
        queryset=AcademicYear.objects.order_by("-start_date"),
        empty_label=_("All years"),
    )


def _overdue(queryset, name, value):
    if value is None:
        return queryset
    overdue = queryset.intake_overdue()
    return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


def _referred(queryset, name, value):
    if value == "out":
        return queryset.filter(referred_to__isnull=False)
    if value == "in":
        return queryset.filter(referred_from__isnull=False)
    return queryset


class AdminQuestionFilterSet(WagtailFilterSet):
    """The coordinators' listing."""

    status = django_filters.MultipleChoiceFilter(
        label=_("State"),
        choices=ResearchQuestion.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=Faculty.objects.all()
    )
    discipline = _DistinctM2MFilter(
        field_name="disciplines",
        label=_("Discipline"),
        queryset=Discipline.objects.all(),
    )
    form = django_filters.ChoiceFilter(
        label=_("Form"), choices=ResearchQuestion.Form.choices
    )
    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-start_date")
    )
    organisation_type = django_filters.ChoiceFilter(
        field_name="organisation__legal_form",
        label=_("Organisation type"),
        choices=Organisation.LegalForm.choices,
    )
    referred = django_filters.ChoiceFilter(
        label=_("Referral"),
        method=_referred,
        choices=[("out", _("Referred to another shop")), ("in", _("Referred to us"))],
    )
    referred_to = django_filters.ModelChoiceFilter(
        label=_("Referred to"), queryset=ScienceShop.objects.filter(is_home=False)
    )
    referred_from = django_filters.ModelChoiceFilter(
        label=_("Referred from"), queryset=ScienceShop.objects.filter(is_home=False)
    )
    overdue = django_filters.BooleanFilter(label=_("Intake overdue"), method=_overdue)
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", widget=forms.HiddenInput
    )

    class Meta:
        model = ResearchQuestion
        fields = []
