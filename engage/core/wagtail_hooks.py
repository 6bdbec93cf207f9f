from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup

from engage.taxonomy.models import SDG, Language, TargetGroup, Theme
from engage.taxonomy.viewsets import (
    LanguageViewSet,
    SDGViewSet,
    TargetGroupViewSet,
    ThemeViewSet,
)
from engage.university.models import AcademicYear, Campus, Faculty, Programme
from engage.university.viewsets import (
    AcademicYearViewSet,
    CampusViewSet,
    FacultyViewSet,
    ProgrammeViewSet,
)


class EngageReferenceGroup(ViewSetGroup):
    menu_label = _("Engage")
    menu_icon = "cogs"
    menu_order = 900
    items = (
        FacultyViewSet("faculties"),
        CampusViewSet("campuses"),
        ProgrammeViewSet("programmes"),
        AcademicYearViewSet("academic_years"),
        SDGViewSet("sdgs"),
        TargetGroupViewSet("target_groups"),
        ThemeViewSet("themes"),
        LanguageViewSet("languages"),
    )


@hooks.register("register_admin_viewset")
def register_reference_viewsets():
    return EngageReferenceGroup()


class ReferenceDataPanel(Component):
    """Dashboard panel: the current year and what the reference data holds."""

    name = "engage_reference_data"
    order = 500
    template_name = "core/admin/reference_data_panel.html"

    def get_context_data(self, parent_context):
        return {
            "current_year": AcademicYear.objects.current(),
            "counts": [
                (_("Faculties"), Faculty.objects.count(), "faculties:index"),
                (_("Campuses"), Campus.objects.count(), "campuses:index"),
                (_("Programmes"), Programme.objects.count(), "programmes:index"),
                (
                    _("Academic years"),
                    AcademicYear.objects.count(),
                    "academic_years:index",
                ),
                (_("SDGs"), SDG.objects.count(), "sdgs:index"),
                (
                    _("Target groups"),
                    TargetGroup.objects.count(),
                    "target_groups:index",
                ),
                (_("Themes"), Theme.objects.count(), "themes:index"),
                (_("Languages"), Language.objects.count(), "languages:index"),
            ],
        }


@hooks.register("construct_homepage_panels")
def add_reference_data_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ReferenceDataPanel())
