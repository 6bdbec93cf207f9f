from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from engage.university.models import AcademicYear, Campus, Faculty, Programme


class FacultyViewSet(ModelViewSet):
    model = Faculty
    icon = "group"
    menu_label = _("Faculties")
    menu_order = 100
    search_backend_name = None
    search_fields = ["code", "name_en", "name_nl"]
    list_filter = ["group", "is_active"]
    list_display = [
        "name_en",
        "name_nl",
        "code",
        Column("get_group_display", label=_("Group")),
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_export = ["code", "name_en", "name_nl", "group", "is_active"]
    list_per_page = 50
    inspect_view_enabled = True
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")]),
        FieldPanel("group"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]


class CampusViewSet(ModelViewSet):
    model = Campus
    icon = "site"
    menu_label = _("Campuses")
    menu_order = 110
    search_backend_name = None
    search_fields = ["code", "name_en", "name_nl", "city_en", "city_nl"]
    list_display = ["name_en", "name_nl", "city_en", "code"]
    list_export = ["code", "name_en", "name_nl", "city_en", "city_nl", "postcode"]
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")]),
        FieldRowPanel([FieldPanel("city_en"), FieldPanel("city_nl")]),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("sort_order")]),
    ]


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "doc-full"
    menu_label = _("Programmes")
    menu_order = 120
    search_backend_name = None
    search_fields = ["code", "name_en", "name_nl"]
    list_filter = ["faculty", "level", "campuses", "is_active"]
    list_display = [
        "name_en",
        "code",
        "faculty",
        Column("get_level_display", label=_("Level")),
    ]
    list_export = ["code", "name_en", "name_nl", "faculty", "level"]
    list_per_page = 50
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")]),
        FieldRowPanel([FieldPanel("faculty"), FieldPanel("level")]),
        FieldPanel("campuses"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return Programme.objects.select_related("faculty")


class AcademicYearViewSet(ModelViewSet):
    model = AcademicYear
    icon = "date"
    menu_label = _("Academic years")
    menu_order = 130
    list_display = [
        "label",
        "start_date",
        "end_date",
        BooleanColumn("is_current", label=_("Current")),
    ]
    ordering = ["-start_date"]
    panels = [
        FieldPanel("label"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Dates"),
        ),
        FieldPanel("is_current"),
    ]
