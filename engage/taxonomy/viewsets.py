from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.model import ModelViewSet

from engage.taxonomy.models import SDG, Language, TargetGroup, Theme

NAME_PANELS = [FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")])]


class SDGViewSet(ModelViewSet):
    model = SDG
    icon = "globe"
    menu_label = _("SDGs")
    menu_order = 200
    search_backend_name = None
    search_fields = ["name_en", "name_nl"]
    list_display = ["number", "name_en", "name_nl"]
    list_per_page = 20
    panels = [FieldPanel("number"), *NAME_PANELS, FieldPanel("colour")]


class TargetGroupViewSet(ModelViewSet):
    model = TargetGroup
    icon = "user"
    menu_label = _("Target groups")
    menu_order = 210
    search_backend_name = None
    search_fields = ["name_en", "name_nl"]
    list_display = ["name_en", "name_nl", "slug"]
    panels = [FieldPanel("slug"), *NAME_PANELS, FieldPanel("sort_order")]


class ThemeViewSet(ModelViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 220
    search_backend_name = None
    search_fields = ["name_en", "name_nl"]
    list_display = ["name_en", "name_nl", "slug"]
    panels = [FieldPanel("slug"), *NAME_PANELS, FieldPanel("sort_order")]


class LanguageViewSet(ModelViewSet):
    model = Language
    icon = "comment"
    menu_label = _("Languages")
    menu_order = 230
    list_display = ["name_en", "name_nl", "code"]
    panels = [FieldPanel("code"), *NAME_PANELS, FieldPanel("sort_order")]
