from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from engage.core.audit import register_actions
from engage.volunteering.viewsets import KOTengageGroup


@hooks.register("register_admin_viewset")
def register_volunteering_viewsets():
    return KOTengageGroup()


@hooks.register("register_log_actions")
def register_volunteering_actions(actions):
    register_actions(
        actions,
        {
            "volunteering.signup.confirmed": (_("Sign up"), _("Signed up (confirmed)")),
            "volunteering.signup.waitlisted": (
                _("Join waitlist"),
                _("Signed up (waitlisted)"),
            ),
            "volunteering.signup.offered": (_("Offer place"), _("Place offered")),
            "volunteering.signup.offer_accepted": (
                _("Accept offer"),
                _("Offered place accepted"),
            ),
            "volunteering.signup.offer_declined": (
                _("Decline offer"),
                _("Offered place declined"),
            ),
            "volunteering.signup.offer_expired": (
                _("Offer expired"),
                _("Offer expired"),
            ),
            "volunteering.signup.cancelled": (_("Cancel"), _("Sign-up cancelled")),
            "volunteering.signup.released": (_("Release"), _("Place released")),
            "volunteering.shift.capacity_changed": (
                _("Change places"),
                _("Places changed"),
            ),
            "volunteering.shift.cancelled": (_("Cancel shift"), _("Shift cancelled")),
            "volunteering.shift.attendance": (
                _("Attendance"),
                _("Attendance recorded"),
            ),
            "volunteering.shift.attendance_corrected": (
                _("Correct attendance"),
                _("Attendance corrected by a coordinator"),
            ),
            "volunteering.hours.logged": (_("Log hours"), _("Extra hours logged")),
            "volunteering.hours.approved": (_("Approve"), _("Extra hours approved")),
            "volunteering.hours.rejected": (
                _("Do not approve"),
                _("Extra hours not approved"),
            ),
            "volunteering.opportunity.proposed": (_("Propose"), _("Proposed")),
            "volunteering.opportunity.published": (_("Publish"), _("Published")),
            "volunteering.opportunity.closed": (_("Close"), _("Closed")),
            "volunteering.opportunity.shifts_generated": (
                _("Generate shifts"),
                _("Shifts generated"),
            ),
            "volunteering.opportunity.date_excluded": (
                _("Exclude date"),
                _("Date excluded"),
            ),
            "volunteering.initiative.proposed": (
                _("Propose"),
                _("Initiative proposed"),
            ),
            "volunteering.initiative.approved": (
                _("Approve"),
                _("Initiative approved"),
            ),
            "volunteering.initiative.rejected": (
                _("Do not approve"),
                _("Initiative not approved"),
            ),
            "volunteering.calendar.reset": (
                _("Reset calendar"),
                _("Calendar address reset"),
            ),
            "volunteering.certificate.issued": (
                _("Issue certificate"),
                _("Certificate issued"),
            ),
        },
    )
