"""KOTengage's public face: the page where students find opportunities."""

from django.core.paginator import Paginator
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.models.base import BasePage
from engage.volunteering.filters import OpportunityFilterSet
from engage.volunteering.selectors import public_opportunities, with_next_shift


class OpportunityIndexPage(BasePage):
    """Filters, text search and paginated results; htmx swaps only the results and
    pushes the filters into the URL, so a search is shareable and Back works.
    """

    per_page = 20
    results_template = "volunteering/partials/opportunity_results.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("volunteering opportunities page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = OpportunityFilterSet(
            request.GET or None, queryset=public_opportunities()
        )
        condition = None
        if filterset.is_bound and filterset.form.is_valid():
            results = filterset.qs
            condition = filterset.shift_condition()
        else:
            results = filterset.queryset
        # "Next" means the next date that matches the filters.
        results = with_next_shift(results, now=filterset.now, condition=condition)
        paginator = Paginator(results, self.per_page)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            filterset=filterset,
            form=filterset.form,
            page_obj=page_obj,
            opportunities=page_obj.object_list,
        )
        return context

    def get_template(self, request, *args, **kwargs):
        htmx = getattr(request, "htmx", None)
        if (
            htmx
            and not htmx.history_restore_request
            and htmx.target == "opportunity-results"
        ):
            return self.results_template
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # One URL answers with a full page or a fragment: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response
