"""The Science Shop's public pages: the question form and the published results."""

from django.core.paginator import Paginator
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.base import BasePage
from science_shop import pages as labels


class ScienceShopSubmissionPage(BasePage):
    """A non-profit submits a research question here; no account needed."""

    privacy_notice = RichTextField(
        labels.PRIVACY_NOTICE,
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=labels.PRIVACY_NOTICE_HELP,
    )
    thank_you = RichTextField(
        labels.THANK_YOU,
        blank=True,
        features=["bold", "italic", "link"],
        help_text=labels.THANK_YOU_HELP,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = labels.SUBMISSION_PAGE

    def serve(self, request, *args, **kwargs):
        from science_shop.views import serve_submission_page

        return serve_submission_page(self, request)


class ScienceShopResultsPage(BasePage):
    """Lay summaries of published Science Shop research, with filters."""

    page_size = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = labels.RESULTS_PAGE

    def get_context(self, request, *args, **kwargs):
        from science_shop.filters import ResultFilterSet
        from science_shop.selectors import public_results

        context = super().get_context(request, *args, **kwargs)
        filterset = ResultFilterSet(request.GET or None, queryset=public_results())
        page_obj = Paginator(filterset.qs, self.page_size).get_page(
            request.GET.get("page")
        )
        context.update(
            {
                "filterset": filterset,
                "page_obj": page_obj,
                "results": page_obj.object_list,
            }
        )
        return context
