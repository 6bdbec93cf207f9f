"""The impact screens of the admin: the report page with its exports, the PDFs
(requested, made in the background, downloaded) and the partner report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engage.core.exceptions import InvalidTransition
from engage.core.tabular import table_response
from engage.impact import services
from engage.impact.definitions import NOTES
from engage.impact.forms import GenerateReportForm, ReportFilterForm
from engage.impact.metrics import ReportParams, compute_report
from engage.impact.models import ImpactReport
from engage.impact.permissions import (
    can_download_partner_report,
    can_request_report,
    can_view_impact,
    can_view_report,
    impact_scope,
    report_scope,
)
from engage.impact.presentation import all_figures, key_figures, report_charts
from engage.impact.tables import report_json, report_tables, report_xlsx
from engage.impact.views import partner_report_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_impact(request):
    if not can_view_impact(request.user):
        raise PermissionDenied


def _export_name(params: ReportParams) -> str:
    parts = ["impact", params.year.label]
    for part in (params.faculty, params.campus):
        if part is not None:
            parts.append(part.code.lower())
    if params.organisation is not None:
        parts.append(f"partner-{params.organisation.pk}")
    return "-".join(parts)


class ImpactReportView(WagtailAdminTemplateMixin, TemplateView):
    """Every figure of the report, with charts (and their data tables), tables,
    the methods, the exports and the PDFs."""

    template_name = "impact/admin/report.html"
    page_title = gettext_lazy("Impact report")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        _require_impact(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def form(self):
        return ReportFilterForm(self.request.GET or None, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.form.params()
        report = compute_report(params)
        query = self.request.GET.urlencode()
        generate_form = None
        if can_request_report(self.request.user):
            initial = {
                "year": params.year,
                "faculty": params.faculty,
                "campus": params.campus,
                "partner": params.organisation,
            }
            generate_form = GenerateReportForm(
                user=self.request.user, initial=initial, auto_id="generate_%s"
            )
        context.update(
            {
                "form": self.form,
                "report": report,
                "meta": report["meta"],
                "key_figures": key_figures(report),
                "charts": report_charts(report),
                "tables": report_tables(report),
                "figures": all_figures(report),
                "notes": NOTES,
                "export_url": reverse("impact_admin:export")
                + (f"?{query}" if query else ""),
                "query": query,
                "generate_form": generate_form,
                "recent_reports": list(
                    ImpactReport.objects.filter(report_scope(self.request.user))
                    .select_related(
                        "academic_year", "faculty", "campus", "organisation"
                    )
                    .order_by("-created_at", "-pk")[:5]
                ),
            }
        )
        return context


def export_report(request):
    """The report's figures as JSON, every table as XLSX, or one table as CSV."""
    _require_impact(request)
    form = ReportFilterForm(request.GET or None, user=request.user)
    params = form.params()
    report = compute_report(params)
    name = _export_name(params)
    fmt = request.GET.get("format", "xlsx")
    if fmt == "json":
        response = HttpResponse(
            report_json(report), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt == "csv":
        table = report_tables(report).get(request.GET.get("table", ""))
        if table is None:
            raise Http404(_("There is no such table in the report."))
        return table_response(f"{name}-{table.slug}", table.headers, table.rows, "csv")
    response = HttpResponse(report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _report_for(request, pk) -> ImpactReport:
    report = get_object_or_404(
        ImpactReport.objects.select_related(
            "academic_year", "faculty", "campus", "organisation", "requested_by"
        ),
        pk=pk,
    )
    if not can_view_report(request.user, report):
        raise Http404
    return report


class GenerateReportView(View):
    """Queue a PDF. htmx gets the report's status as it was queued (the page then
    polls until it is ready); without JavaScript the browser goes to its page."""

    def post(self, request):
        _require_impact(request)
        if not can_request_report(request.user):
            raise PermissionDenied
        form = GenerateReportForm(
            request.POST, user=request.user, auto_id="generate_%s"
        )
        htmx = bool(getattr(request, "htmx", False))
        report = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.request_report(
                    actor=request.user,
                    academic_year=data["year"],
                    faculty=data.get("faculty"),
                    campus=data.get("campus"),
                    organisation=data.get("partner"),
                    language=data["language"],
                )
            except InvalidTransition as exc:
                form.add_error("faculty", str(exc))
        if report is None:
            # htmx swaps only successful responses: the form comes back with its
            # messages and everything typed.
            template = (
                "impact/admin/generate_form.html"
                if htmx
                else "impact/admin/generate.html"
            )
            return TemplateResponse(
                request,
                template,
                {"generate_form": form, "page_title": _("Make a PDF")},
                status=200 if htmx else 400,
            )
        if htmx:
            # The report as it was queued, not re-read: the status then polls.
            return TemplateResponse(
                request,
                "impact/admin/generate_form.html",
                {
                    "generate_form": GenerateReportForm(
                        user=request.user,
                        initial=form.cleaned_data,
                        auto_id="generate_%s",
                    ),
                    "queued_report": report,
                },
            )
        messages.success(request, _("The PDF is being made."))
        return redirect("impact_reports:detail", pk=report.pk)


class ReportDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "impact/admin/report_detail.html"
    page_title = gettext_lazy("Impact report PDF")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        _require_impact(request)
        self.object = _report_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("impact_reports:index"), "label": _("Impact report PDFs")},
            {"url": "", "label": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.object
        return context


def report_status(request, pk):
    """The status fragment the detail page polls until the PDF is ready."""
    _require_impact(request)
    return TemplateResponse(
        request, "impact/admin/report_status.html", {"report": _report_for(request, pk)}
    )


def report_download(request, pk):
    _require_impact(request)
    report = _report_for(request, pk)
    if report.status != ImpactReport.Status.READY:
        raise Http404(_("This PDF is not ready."))
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )


def admin_partner_report(request, pk):
    """A partner's one-page report for a year, from the partner 360° view."""
    from partners.models import Organisation

    _require_impact(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_download_partner_report(request.user, organisation):
        raise PermissionDenied
    return partner_report_response(
        request, organisation, faculty_ids=impact_scope(request.user)
    )
