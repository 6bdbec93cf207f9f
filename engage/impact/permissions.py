"""Who may see which impact figures: one rule per thing, used by the admin report,
the dashboard, the generated PDFs, the exports and the partner reports.

Coordinators read impact figures; a faculty coordinator's figures are restricted to
the faculties they coordinate. A generated report belongs to its faculty: the
central office sees every report, a faculty coordinator the reports of their
faculties. A partner contact gets only their own organisation's partner report.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from engage.accounts.scoping import (
    coordinated_faculty_ids,
    is_coordinator,
    is_engage_coordinator,
    is_faculty_coordinator,
)
from engage.impact.models import ImpactReport


def can_view_impact(user) -> bool:
    """Central and faculty coordinators read the impact report in the admin."""
    return is_coordinator(user)


def impact_scope(user) -> frozenset | None:
    """The faculties `user`'s figures are restricted to; None means all of them."""
    return coordinated_faculty_ids(user)


def report_scope(user) -> Q:
    """Generated reports `user` may see: all (office) or their faculties' reports."""
    if is_engage_coordinator(user):
        return Q()
    if is_faculty_coordinator(user):
        ids = coordinated_faculty_ids(user)
        return Q(faculty_id__in=ids) if ids else Q(pk__in=[])
    return Q(pk__in=[])


def can_view_report(user, report) -> bool:
    if is_engage_coordinator(user):
        return True
    if is_faculty_coordinator(user):
        return report.faculty_id in (coordinated_faculty_ids(user) or frozenset())
    return False


def must_choose_faculty(user) -> bool:
    """A faculty coordinator's PDF is about one of their faculties."""
    return not is_engage_coordinator(user) and is_faculty_coordinator(user)


def can_request_report(user) -> bool:
    return can_view_impact(user) and user.has_perm("impact.add_impactreport")


def can_download_partner_report(user, organisation) -> bool:
    """Coordinators (their faculties' figures) or the organisation's own contacts."""
    from partners.permissions import is_contact_of

    return is_coordinator(user) or is_contact_of(user, organisation)


class ImpactReportPolicy(ModelPermissionPolicy):
    """Model permissions from the roles plus the faculty rule on each report."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_view_report(
            user, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return ImpactReport.objects.none()
        return ImpactReport.objects.filter(report_scope(user))


def register_policies() -> None:
    register_permission_policy(ImpactReport, ImpactReportPolicy(ImpactReport))
