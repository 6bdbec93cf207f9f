"""The public impact page: headline figures for this year and last, and the
service-learning pathway per faculty. Counts of people from 1 to 4 show as "<5"."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.models.base import BasePage


class ImpactPage(BasePage):
    """Figures come from the impact module's report, cached a few minutes per year
    and language, so a busy page does not recount."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("impact page")

    def get_context(self, request, *args, **kwargs):
        from engage.impact.metrics import ReportParams, cached_report
        from engage.impact.presentation import (
            PUBLIC_FIGURES,
            key_figures,
            public_matrix,
        )
        from engage.university.models import AcademicYear

        context = super().get_context(request, *args, **kwargs)
        year = AcademicYear.objects.current()
        report = cached_report(ReportParams(year=year)) if year else None
        context.update(
            {
                "report": report,
                "figures": key_figures(report, PUBLIC_FIGURES) if report else [],
                "public_matrix": (
                    public_matrix(report["pathway"]["matrix"]) if report else None
                ),
                "previous_year": (
                    report["trends"][-2]["year"]
                    if report and len(report["trends"]) > 1
                    else None
                ),
            }
        )
        return context
