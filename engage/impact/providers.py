"""What the impact module adds to shared screens: the partner report's download on
the partner 360° view and in the partner portal."""

from django.urls import reverse
from django.utils.translation import gettext as _

from engage.accounts.scoping import is_coordinator
from engage.university.models import AcademicYear
from partners.activity import ActivitySection, partner_activity_providers
from partners.portal import partner_portal_sections


def _years():
    """The years up to the current one, newest first, and the current one."""
    current = AcademicYear.objects.current()
    years = AcademicYear.objects.order_by("-start_date")
    if current is not None:
        years = years.filter(start_date__lte=current.start_date)
    return [year.label for year in years.only("label")], current


@partner_activity_providers.register(order=90)
def partner_report_section(organisation, user):
    """The 360° view: download the partner report for a year."""
    if not is_coordinator(user):
        return None
    years, current = _years()
    return ActivitySection(
        title=_("Partner report"),
        template="impact/admin/partner_activity.html",
        context={
            "years": years,
            "current": current.label if current else "",
            "url": reverse("impact_admin:partner_report", args=[organisation.pk]),
        },
    )


@partner_portal_sections.register(order=90)
def partner_portal_report_section(request, organisation):
    """The partner portal: the organisation's own report, for a year."""
    from partners.permissions import portal_organisations

    if not portal_organisations(request.user).filter(pk=organisation.pk).exists():
        return None
    years, current = _years()
    return {
        "title": _("What students did with you"),
        "template": "impact/portal_section.html",
        "years": years,
        "current": current.label if current else "",
        "url": reverse("impact:partner_report", args=[organisation.pk]),
    }
