"""django-filter FilterSets: the admin listings and the public partner directory."""

import django_filters
from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from engage.taxonomy.models import SDG, TargetGroup, Theme
from engage.university.models import Campus
from partners.forms import coordinators
from partners.models import Agreement, Contact, Interaction, Organisation


def _cities(queryset):
    """The distinct cities of `queryset` as choices (one query)."""
    cities = (
        queryset.exclude(city="")
        .annotate(city_lower=Lower("city"))
        .order_by("city_lower")
        .values_list("city", flat=True)
        .distinct()
    )
    seen, choices = set(), []
    for city in cities:
        if city.casefold() not in seen:
            seen.add(city.casefold())
            choices.append((city, city))
    return choices


class RelatedFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of the chosen values, as a subquery: no join, so no DISTINCT over the
    listing's annotations (which would make the pager's COUNT slow)."""

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(
            **{f"{self.field_name}__in": value}
        ).values("pk")
        return qs.filter(pk__in=matching)


class OrganisationFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Organisation.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Status"),
    )
    level = django_filters.MultipleChoiceFilter(
        choices=Organisation.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Partnership level"),
    )
    legal_form = django_filters.MultipleChoiceFilter(
        choices=Organisation.LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Legal form"),
    )
    target_groups = RelatedFilter(
        queryset=TargetGroup.objects.all(), label=_("Target group")
    )
    sdgs = RelatedFilter(queryset=SDG.objects.all(), label=_("SDG"))
    themes = RelatedFilter(queryset=Theme.objects.all(), label=_("Theme"))
    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))
    nearest_campuses = RelatedFilter(queryset=Campus.objects.all(), label=_("Campus"))
    account_owner = django_filters.ModelChoiceFilter(
        queryset=lambda request: coordinators(), label=_("Account owner")
    )
    has_valid_agreement = django_filters.BooleanFilter(
        method="filter_valid_agreement",
        label=_("Has a valid agreement"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    needs_review = django_filters.BooleanFilter(
        label=_("Needs review"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_valid_agreement(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.with_valid_agreement()
        return queryset.without_valid_agreement()


class ContactFilterSet(WagtailFilterSet):
    is_active = django_filters.BooleanFilter(
        label=_("Active"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    is_primary = django_filters.BooleanFilter(
        label=_("Primary contact"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    has_portal_account = django_filters.BooleanFilter(
        field_name="user",
        lookup_expr="isnull",
        exclude=True,
        label=_("Has a portal account"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = Contact
        fields = []


class AgreementFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Agreement.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Status"),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Agreement.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kind"),
    )
    valid_until = django_filters.DateFromToRangeFilter(
        label=_("Ends between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Agreement
        fields = ["faculty"]


class InteractionFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=Interaction.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kind"),
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Date"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    open_follow_up = django_filters.BooleanFilter(
        method="filter_open_follow_up",
        label=_("Open follow-up"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    follow_up_assignee = django_filters.ModelChoiceFilter(
        queryset=lambda request: coordinators(), label=_("Follow-up by")
    )

    class Meta:
        model = Interaction
        fields = []

    def filter_open_follow_up(self, queryset, name, value):
        if value is None:
            return queryset
        open_ids = Interaction.objects.open_follow_ups().values("pk")
        return (
            queryset.filter(pk__in=open_ids)
            if value
            else queryset.exclude(pk__in=open_ids)
        )


class DirectoryFilterSet(django_filters.FilterSet):
    """The public directory's filters: theme, target group, city."""

    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    target_group = django_filters.ModelChoiceFilter(
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        label=_("Target group"),
        empty_label=_("All target groups"),
    )
    city = django_filters.ChoiceFilter(
        field_name="city",
        lookup_expr="iexact",
        label=_("City"),
        empty_label=_("All cities"),
        choices=[],
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["city"].extra["choices"] = _cities(self.queryset)
