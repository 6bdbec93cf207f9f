"""The report page's filters and the form that asks for a PDF."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.impact.metrics import ReportParams
from engage.impact.models import ImpactReport
from engage.impact.permissions import impact_scope, must_choose_faculty
from engage.university.models import AcademicYear, Campus, Faculty


class ReportFilterForm(forms.Form):
    """Year, faculty, campus and partner; the faculties offered follow the user's
    scope (a faculty coordinator sees their own)."""

    year = forms.ModelChoiceField(
        AcademicYear.objects.order_by("-start_date"),
        label=_("Academic year"),
        to_field_name="label",
        empty_label=None,
    )
    faculty = forms.ModelChoiceField(
        Faculty.objects.filter(is_active=True).order_by("sort_order", "name_en"),
        label=_("Faculty"),
        to_field_name="code",
        required=False,
        empty_label=_("All faculties"),
    )
    campus = forms.ModelChoiceField(
        Campus.objects.order_by("sort_order", "name_en"),
        label=_("Campus"),
        to_field_name="code",
        required=False,
        empty_label=_("All campuses"),
    )
    partner = forms.ModelChoiceField(
        None,
        label=_("Partner"),
        required=False,
        empty_label=_("All partners"),
    )

    def __init__(self, *args, user, **kwargs):
        from partners.models import Organisation

        super().__init__(*args, **kwargs)
        self.user = user
        self.scope = impact_scope(user)
        if self.scope is not None:
            self.fields["faculty"].queryset = self.fields["faculty"].queryset.filter(
                pk__in=self.scope
            )
            self.fields["faculty"].empty_label = _("All my faculties")
        self.fields["partner"].queryset = Organisation.objects.order_by("name").only(
            "pk", "name"
        )
        self.fields["year"].initial = AcademicYear.objects.current()

    def params(self) -> ReportParams:
        """The report's parameters: what was chosen, or this year for everything."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ReportParams(
            year=data.get("year") or AcademicYear.objects.current(),
            faculty=data.get("faculty"),
            campus=data.get("campus"),
            organisation=data.get("partner"),
            faculty_ids=self.scope,
        )


class GenerateReportForm(ReportFilterForm):
    """The filters plus the language of the PDF."""

    language = forms.ChoiceField(
        label=_("Language of the PDF"),
        choices=ImpactReport.Language.choices,
        initial=ImpactReport.Language.ENGLISH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if must_choose_faculty(self.user):
            self.fields["faculty"].required = True
            self.fields["faculty"].empty_label = None
            self.fields["faculty"].help_text = _(
                "A faculty's report: choose one of your faculties."
            )
        self.fields["language"].initial = (
            getattr(self.user, "preferred_language", "en") or "en"
        )
