"""The admin's "Impact" menu: the report page and the PDFs made from it."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from engage.core.viewsets import ReadOnlyViewSetMixin
from engage.impact import admin_views
from engage.impact.models import ImpactReport
from engage.impact.permissions import can_view_impact, report_scope


class ImpactReportPageViewSet(ViewSet):
    icon = "table"
    menu_label = _("Impact report")
    menu_order = 10

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImpactReportView.as_view(), name="index"),
            path("export/", admin_views.export_report, name="export"),
            path(
                "partner/<int:pk>/",
                admin_views.admin_partner_report,
                name="partner_report",
            ),
        ]

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class ReportMenuItem(MenuItem):
            def is_shown(self, request):
                return can_view_impact(request.user)

        return ReportMenuItem


class ReportIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(report_scope(self.request.user))
            .select_related("academic_year", "faculty", "campus", "organisation")
        )


class DownloadLinkColumn(Column):
    cell_template_name = "impact/admin/download_cell.html"


class ImpactReportViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    """The PDFs: listed here, made by the worker, never edited by hand."""

    model = ImpactReport
    icon = "doc-full"
    menu_label = _("Report PDFs")
    menu_order = 20
    index_view_class = ReportIndexView
    list_filter = ["status", "academic_year", "faculty", "language"]
    list_display = [
        TitleColumn(
            "__str__",
            label=_("Report"),
            get_url=lambda report: reverse("impact_reports:detail", args=[report.pk]),
        ),
        "language",
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda report: report.status == ImpactReport.Status.READY,
        ),
        DateColumn("created_at", label=_("Requested")),
        DateColumn("finished_at", label=_("Made at")),
        DownloadLinkColumn("file", label=_("PDF")),
    ]
    ordering = ["-created_at"]
    copy_view_enabled = False
    object_url_name = "detail"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("new/", admin_views.GenerateReportView.as_view(), name="generate"),
            path("<int:pk>/", admin_views.ReportDetailView.as_view(), name="detail"),
            path("<int:pk>/status/", admin_views.report_status, name="status"),
            path("<int:pk>/download/", admin_views.report_download, name="download"),
        ]


class ImpactGroup(ViewSetGroup):
    menu_label = _("Impact")
    menu_icon = "pick"
    menu_order = 600
    items = (
        ImpactReportPageViewSet("impact_admin"),
        ImpactReportViewSet("impact_reports"),
    )
