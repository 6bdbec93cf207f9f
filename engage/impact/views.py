"""Site views of the impact module: a partner downloads their own partner report."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils import translation

from engage.core.pdf import pdf_response
from engage.impact.metrics import ReportParams, compute_report
from engage.impact.rendering import partner_report_pdf
from engage.university.models import AcademicYear


def partner_report_response(request, organisation, *, faculty_ids=None):
    """The one-page partner report PDF for `?year=` (default: the current year)."""
    label = request.GET.get("year", "")
    year = (
        AcademicYear.objects.filter(label=label).first()
        or AcademicYear.objects.current()
    )
    report = compute_report(
        ReportParams(year=year, organisation=organisation, faculty_ids=faculty_ids)
    )
    content = partner_report_pdf(
        report, organisation, language=translation.get_language() or "en"
    )
    return pdf_response(content, f"engage-{year.label}-partner-{organisation.pk}.pdf")


@login_required
def partner_report(request, pk):
    """A partner contact's report of their own organisation; any other id is a 404."""
    from partners.permissions import portal_organisations

    organisation = get_object_or_404(portal_organisations(request.user), pk=pk)
    return partner_report_response(request, organisation)
