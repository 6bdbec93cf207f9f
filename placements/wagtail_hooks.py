from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from engage.core.audit import register_actions
from placements.choosers import enrolment_chooser_viewset, student_chooser_viewset
from placements.viewsets import ServiceLearningGroup


@hooks.register("register_admin_viewset")
def register_service_learning_viewsets():
    return ServiceLearningGroup()


@hooks.register("register_admin_viewset")
def register_student_chooser():
    return student_chooser_viewset


@hooks.register("register_admin_viewset")
def register_enrolment_chooser():
    return enrolment_chooser_viewset


@hooks.register("register_log_actions")
def register_placement_actions(actions):
    register_actions(
        actions,
        {
            "placements.course.copied": (_("Copy"), _("Copied from last year")),
            "placements.course.prompts_set": (
                _("Set questions"),
                _("Reflection questions set"),
            ),
            "placements.course.preferences_reopened": (
                _("Re-open preferences"),
                _("Preferences re-opened"),
            ),
            "placements.offer.published": (_("Publish"), _("Offer published")),
            "placements.offer.closed": (_("Close"), _("Offer closed")),
            "placements.enrolment.created": (_("Enrol"), _("Student enrolled")),
            "placements.enrolment.preferences_saved": (
                _("Rank offers"),
                _("Preferences saved"),
            ),
            "placements.enrolment.imported": (_("Import"), _("Enrolments imported")),
            "placements.allocation.rule_added": (
                _("Add rule"),
                _("Allocation rule added"),
            ),
            "placements.allocation.rule_removed": (
                _("Remove rule"),
                _("Allocation rule removed"),
            ),
            "placements.allocation.committed": (
                _("Allocate"),
                _("Allocation committed"),
            ),
            "placements.placement.proposed": (_("Propose"), _("Placement proposed")),
            "placements.placement.accepted": (_("Accept"), _("Placement accepted")),
            "placements.placement.confirmed": (_("Confirm"), _("Placement confirmed")),
            "placements.placement.signed": (
                _("Sign"),
                _("Agreement signed by one party"),
            ),
            "placements.placement.agreement_signed": (
                _("Agreement signed"),
                _("Agreement signed by all parties"),
            ),
            "placements.placement.prerequisite_checked": (
                _("Check prerequisite"),
                _("Prerequisite checked"),
            ),
            "placements.placement.prerequisite_unchecked": (
                _("Uncheck prerequisite"),
                _("Prerequisite check removed"),
            ),
            "placements.placement.activated": (_("Start"), _("Placement started")),
            "placements.placement.completed": (_("Complete"), _("Placement completed")),
            "placements.placement.evaluated": (_("Evaluate"), _("Placement evaluated")),
            "placements.placement.declined": (
                _("Decline"),
                _("Partner declined the student"),
            ),
            "placements.placement.cancelled": (_("Cancel"), _("Placement cancelled")),
            "placements.placement.withdrawn": (_("Withdraw"), _("Student withdrew")),
            "placements.hours.logged": (_("Log hours"), _("Hours logged")),
            "placements.hours.approved": (_("Approve hours"), _("Hours approved")),
            "placements.hours.rejected": (_("Reject hours"), _("Hours rejected")),
            "placements.reflection.saved": (_("Reflect"), _("Reflections saved")),
            "placements.evaluation.mentor": (
                _("Mentor evaluation"),
                _("Mentor evaluated the student"),
            ),
            "placements.evaluation.student": (
                _("Student evaluation"),
                _("Student evaluated the placement"),
            ),
        },
    )
