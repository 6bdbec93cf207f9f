"""Who sees which KOTengage rows: one rule per model, used by the admin (through the
registered Wagtail policies), the organiser pages, exports and PDFs alike.

- Engage coordinators (the central office): every row. KOTengage is not
  faculty-owned, so faculty coordinators get none (and no Django permissions).
- Organisers (active contacts of the organisation, members of an approved
  initiative): their own opportunities, shifts, sign-ups and hours.
- Students: their own sign-ups, hours and initiatives.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from engage.accounts.scoping import is_engage_coordinator
from engage.volunteering.models import (
    HoursLog,
    Opportunity,
    Shift,
    ShiftException,
    ShiftRule,
    SignUp,
    StudentInitiative,
)


def _authenticated(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active)


def _organiser_q(user, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}organisation__contacts__user": user,
            f"{prefix}organisation__contacts__is_active": True,
        }
    ) | Q(
        **{
            f"{prefix}initiative__memberships__user": user,
            f"{prefix}initiative__status": StudentInitiative.Status.APPROVED,
        }
    )


def opportunity_scope(user) -> Q:
    """Opportunities `user` may manage: all for the central office, else their own."""
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_engage_coordinator(user):
        return Q()
    return Q(pk__in=Opportunity.objects.filter(_organiser_q(user)).values("pk"))


def organiser_scope(user) -> Q:
    """Opportunities `user` may run (sign-ups, attendance, hours, shifts): the Engage
    office and the organisers themselves.
    """
    return opportunity_scope(user)


def shift_scope(user) -> Q:
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_engage_coordinator(user):
        return Q()
    return Q(opportunity__in=Opportunity.objects.filter(opportunity_scope(user)))


def signup_scope(user) -> Q:
    """Sign-ups: the central office all, organisers their opportunities', students
    theirs."""
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_engage_coordinator(user):
        return Q()
    return Q(student=user) | Q(
        shift__opportunity__in=Opportunity.objects.filter(opportunity_scope(user))
    )


def hours_scope(user) -> Q:
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_engage_coordinator(user):
        return Q()
    return Q(student=user) | Q(
        opportunity__in=Opportunity.objects.filter(opportunity_scope(user))
    )


def initiative_scope(user) -> Q:
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_engage_coordinator(user):
        return Q()
    return Q(pk__in=StudentInitiative.objects.for_member(user).values("pk"))


SCOPES = {
    Opportunity: opportunity_scope,
    Shift: shift_scope,
    # Weekly rules and excluded dates belong to their opportunity.
    ShiftRule: shift_scope,
    ShiftException: shift_scope,
    SignUp: signup_scope,
    HoursLog: hours_scope,
    StudentInitiative: initiative_scope,
}


def can_organise(user, opportunity) -> bool:
    """May `user` see the sign-ups of, mark attendance for and edit `opportunity`?"""
    if not _authenticated(user):
        return False
    if is_engage_coordinator(user):
        return True
    return Opportunity.objects.filter(
        opportunity_scope(user), pk=opportunity.pk
    ).exists()


def can_decide_hours(user, log) -> bool:
    if not _authenticated(user):
        return False
    if is_engage_coordinator(user):
        return True
    return log.student_id != user.pk and can_organise(user, log.opportunity)


def is_organiser(user) -> bool:
    """Does `user` organise anything (a portal contact or an initiative member)?"""
    if not _authenticated(user):
        return False
    return bool(organiser_organisations(user)) or bool(organiser_initiatives(user))


def organiser_organisations(user):
    from partners.models import Organisation

    return list(Organisation.objects.for_contact_user(user))


def organiser_initiatives(user):
    return list(StudentInitiative.objects.approved().for_member(user))


class ScopedPolicy(ModelPermissionPolicy):
    """Django permissions say what a role may do; the scope says on which rows."""

    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return self.model._default_manager.filter(
            self.scope(user), pk=instance.pk
        ).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(self.scope(user))


def register_policies() -> None:
    for model, scope in SCOPES.items():
        register_permission_policy(model, ScopedPolicy(model, scope))
