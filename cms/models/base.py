from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock, LinkBlock


class BasePage(Page):
    """Common ground for Engage's pages: an optional intro and SEO-friendly defaults."""

    intro = models.TextField(_("introduction"), blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    hero_title = models.CharField(_("hero title"), max_length=150, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The header navigation: page links show in the reader's language."""

    header_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("header links")
    )

    panels = [FieldPanel("header_links")]

    class Meta:
        verbose_name = _("navigation")


@register_setting(icon="doc-full")
class FooterSettings(BaseSiteSetting):
    text_en = RichTextField(
        _("footer text (English)"), blank=True, features=["bold", "italic", "link"]
    )
    text_nl = RichTextField(
        _("footer text (Dutch)"), blank=True, features=["bold", "italic", "link"]
    )
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("footer links")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    address = models.TextField(_("address"), blank=True)

    panels = [
        FieldPanel("text_en"),
        FieldPanel("text_nl"),
        FieldPanel("footer_links"),
        FieldPanel("contact_email"),
        FieldPanel("address"),
    ]

    class Meta:
        verbose_name = _("footer")
