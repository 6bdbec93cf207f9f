from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from engage.core.audit import register_actions
from engage.impact.permissions import can_view_impact
from engage.impact.presentation import key_figures
from engage.impact.selectors import dashboard_report, pipeline_counts
from engage.impact.viewsets import ImpactGroup

DASHBOARD_FIGURES = [
    "students_engaged",
    "service_learning.students_placed",
    "service_learning.approved_hours",
    "science_shop.delivered",
    "volunteering.volunteers",
    "partners.active",
]


@hooks.register("register_admin_viewset")
def register_impact_viewsets():
    return ImpactGroup()


class _ImpactPanel(Component):
    def __init__(self, user, report):
        self.user = user
        self.report = report


class HeadlinePanel(_ImpactPanel):
    """This year's headline figures against last year's."""

    name = "impact_headlines"
    order = 60
    template_name = "impact/admin/panels/headlines.html"

    def get_context_data(self, parent_context):
        return {
            "report": self.report,
            "figures": key_figures(self.report, DASHBOARD_FIGURES),
            "report_url": reverse("impact_admin:index"),
        }


class CoveragePanel(_ImpactPanel):
    """The pathway in every faculty: the coverage matrix."""

    name = "impact_coverage"
    order = 70
    template_name = "impact/admin/panels/coverage.html"

    def get_context_data(self, parent_context):
        return {"report": self.report, "report_url": reverse("impact_admin:index")}


class PipelinePanel(_ImpactPanel):
    """What is in the works: questions, placements and this week's shifts."""

    name = "impact_pipeline"
    order = 80
    template_name = "impact/admin/panels/pipeline.html"

    def get_context_data(self, parent_context):
        return {"pipeline": pipeline_counts(self.user)}


@hooks.register("construct_homepage_panels")
def add_impact_panels(request, panels):
    if not can_view_impact(request.user):
        return
    report = dashboard_report(request.user)
    if report is None:
        return
    panels.extend(
        [
            HeadlinePanel(request.user, report),
            CoveragePanel(request.user, report),
            PipelinePanel(request.user, report),
        ]
    )


@hooks.register("register_log_actions")
def register_impact_actions(actions):
    register_actions(
        actions,
        {
            "impact.report.requested": (
                _("Request report"),
                _("Impact report PDF requested"),
            ),
            "impact.report.ready": (_("Report ready"), _("Impact report PDF made")),
            "impact.report.failed": (
                _("Report failed"),
                _("Impact report PDF could not be made"),
            ),
        },
    )


@hooks.register("insert_global_admin_css")
def impact_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("impact/css/admin.css")
    )
