"""Who may see and do what with research questions: one rule, used everywhere.

The admin (through the registered Wagtail policy), the site views, the exports and
the PDFs all ask these predicates.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from engage.accounts.scoping import (
    coordinated_faculty_ids,
    is_engage_coordinator,
    is_faculty_coordinator,
    is_lecturer,
    is_student,
)


def question_scope(user) -> Q:
    """The questions `user` may see in the admin: everything for the central
    office, their faculties' questions for a faculty coordinator, none otherwise."""
    if is_engage_coordinator(user):
        return Q()
    if is_faculty_coordinator(user):
        ids = coordinated_faculty_ids(user)
        return Q(faculty__in=ids) if ids else Q(pk__in=[])
    return Q(pk__in=[])


def can_view_question(user, question) -> bool:
    """Central office: all. Faculty coordinators: their faculties' questions."""
    if is_engage_coordinator(user):
        return True
    if is_faculty_coordinator(user):
        ids = coordinated_faculty_ids(user) or frozenset()
        return question.faculty_id in ids
    return False


def can_manage_questions(user) -> bool:
    """Only the central office moves questions through the workflow."""
    return is_engage_coordinator(user)


def can_manage_question(user, question) -> bool:
    return can_manage_questions(user)


def is_participant(user, question) -> bool:
    """A matched student or the supervisor of `question`."""
    if not getattr(user, "is_authenticated", False):
        return False
    if question.supervisor_id == user.pk:
        return True
    return question.student_matches.filter(student=user).exists()


def can_follow_as_partner(user, question) -> bool:
    """A portal account that is an active contact of the asking organisation."""
    from partners.models import Organisation

    return (
        Organisation.objects.for_contact_user(user)
        .filter(pk=question.organisation_id)
        .exists()
    )


def can_express_interest(user) -> bool:
    return is_student(user)


def can_supervise(user) -> bool:
    """Lecturers (and coordinators) can declare disciplines and adopt questions."""
    return is_lecturer(user) or is_engage_coordinator(user)


class ResearchQuestionPolicy(ModelPermissionPolicy):
    """Django permissions for the action, the predicates above for the row.

    Questions arrive through the public form or a referral packet, never by "add";
    only spam (still submitted) or declined questions may be deleted.
    """

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "view":
            return can_view_question(user, instance)
        if action == "delete":
            return can_manage_question(user, instance) and instance.status in (
                instance.Status.SUBMITTED,
                instance.Status.DECLINED,
            )
        return can_manage_question(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(question_scope(user))
