"""Finding opportunities: the public listing's filters (readable, shareable URLs).

Filters on when something happens (dates, weekday, time of day, free places) all
apply to the same upcoming shift: "Tuesday evenings with a free place" means one
shift that is on a Tuesday evening and has a free place.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.models import localized
from engage.taxonomy.models import Language, TargetGroup, Theme
from engage.university.models import Campus
from engage.volunteering.models import BRUSSELS, Opportunity, Shift, ShiftRule


def _campus_choices():
    return [
        (c.code, localized(c, "city")) for c in Campus.objects.order_by("sort_order")
    ]


def _slug_choices(model):
    def choices():
        return [(item.slug, item.name) for item in model.objects.all()]

    return choices


def _language_choices():
    return [(item.code, item.name) for item in Language.objects.all()]


class TimeOfDay:
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    choices = [
        (MORNING, _("Morning (before 12:00)")),
        (AFTERNOON, _("Afternoon (12:00–17:00)")),
        (EVENING, _("Evening (from 17:00)")),
    ]
    hours = {MORNING: (0, 12), AFTERNOON: (12, 17), EVENING: (17, 24)}


SHIFT_FILTERS = ("date_from", "date_to", "weekday", "time_of_day", "free_places")


def _midnight(day, days: int = 0):
    """The start of `day` (plus `days`) in Brussels, as an aware datetime."""
    day = day + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=BRUSSELS)


class OpportunityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    city = django_filters.ChoiceFilter(
        field_name="campus__code",
        choices=_campus_choices,
        label=_("City or campus"),
        empty_label=_("Any city"),
    )
    theme = django_filters.ChoiceFilter(
        field_name="themes__slug",
        choices=_slug_choices(Theme),
        label=_("Theme"),
        empty_label=_("Any theme"),
    )
    target_group = django_filters.ChoiceFilter(
        field_name="target_groups__slug",
        choices=_slug_choices(TargetGroup),
        label=_("Working with"),
        empty_label=_("Any group"),
    )
    language = django_filters.ChoiceFilter(
        field_name="languages__code",
        choices=_language_choices,
        label=_("Language"),
        empty_label=_("Any language"),
    )
    weekday = django_filters.ChoiceFilter(
        method="noop",
        choices=[(str(value), label) for value, label in ShiftRule.Weekday.choices],
        label=_("Day of the week"),
        empty_label=_("Any day"),
    )
    time_of_day = django_filters.ChoiceFilter(
        method="noop",
        choices=TimeOfDay.choices,
        label=_("Time of day"),
        empty_label=_("Any time"),
    )
    date_from = django_filters.DateFilter(
        method="noop",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        method="noop",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Opportunity.Kind.choices,
        label=_("One-off or recurring"),
        empty_label=_("Both"),
    )
    free_places = django_filters.BooleanFilter(
        method="noop",
        label=_("Only with free places"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Opportunity
        fields = []

    def __init__(self, *args, now=None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)

    def noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset()

    def search(self, queryset, name, value):
        for term in value.split()[:8]:
            queryset = queryset.filter(
                Q(title_en__icontains=term)
                | Q(title_nl__icontains=term)
                | Q(description_en__icontains=term)
                | Q(description_nl__icontains=term)
                | Q(organisation__name__icontains=term)
                | Q(initiative__name__icontains=term)
                | Q(address__icontains=term)
            )
        return queryset

    def shift_condition(self) -> Q | None:
        data = self.form.cleaned_data
        condition, used = Q(), False
        if data.get("date_from"):
            condition &= Q(starts_at__gte=_midnight(data["date_from"]))
            used = True
        if data.get("date_to"):
            condition &= Q(starts_at__lt=_midnight(data["date_to"], days=1))
            used = True
        if data.get("weekday") not in (None, ""):
            condition &= Q(local_weekday=int(data["weekday"]))
            used = True
        if data.get("time_of_day"):
            low, high = TimeOfDay.hours[data["time_of_day"]]
            condition &= Q(local_hour__gte=low, local_hour__lt=high)
            used = True
        if data.get("free_places"):
            condition &= Q(places_taken__lt=F("capacity"))
            used = True
        return condition if used else None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        condition = self.shift_condition()
        if condition is not None:
            queryset = queryset.filter(
                Exists(
                    Shift.objects.upcoming(self.now).filter(
                        condition, opportunity=OuterRef("pk")
                    )
                )
            )
        return queryset

    @property
    def active_count(self) -> int:
        if not self.is_bound or not self.form.is_valid():
            return 0
        return sum(
            1
            for value in self.form.cleaned_data.values()
            if value not in (None, "", False)
        )
