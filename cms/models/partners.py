"""The public partner directory: organisations that agreed to be listed."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.models.base import BasePage


class PartnerDirectoryPage(BasePage):
    """Lists active partners with consent, filterable by theme, target group, city."""

    per_page = 24

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("partner directory")

    def get_context(self, request, *args, **kwargs):
        from partners.filters import DirectoryFilterSet
        from partners.selectors import directory_organisations

        context = super().get_context(request, *args, **kwargs)
        filterset = DirectoryFilterSet(
            request.GET or None, queryset=directory_organisations()
        )
        organisations = filterset.qs if filterset.is_bound else filterset.queryset
        if filterset.is_bound and not filterset.is_valid():
            organisations = filterset.queryset.none()
        paginator = Paginator(organisations.order_by("name"), self.per_page)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            {
                "filter": filterset,
                "organisations": page,
                "paginator": paginator,
                "is_filtered": filterset.is_bound and filterset.form.has_changed(),
            }
        )
        return context
