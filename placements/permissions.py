"""Who may see and do what in service-learning: one rule per model.

Coordinators reach courses, offers, enrolments and placements of the faculties they
coordinate (the central office: all). Lecturers reach their own courses' students;
students their own enrolments and placements; partner contacts the placements at
their organisations. The same predicates serve the admin (through the registered
permission policies), the site views, exports and PDFs.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from engage.accounts.scoping import (
    coordinated_faculty_ids,
    faculty_scope,
    is_coordinator,
    is_engage_coordinator,
)


def _authenticated(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active)


def faculty_id_via(instance, lookup: str):
    """Follow `lookup` ("course__faculty") from `instance` to a faculty id."""
    *path, last = lookup.split("__")
    obj = instance
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


# Courses -------------------------------------------------------------------------


def teaches(user, course) -> bool:
    """The user is one of the course's lecturers (or its named coordinator)."""
    if not _authenticated(user):
        return False
    if course.coordinator_id == user.pk:
        return True
    cache = getattr(user, "_sl_taught_course_ids", None)
    if cache is None:
        cache = user._sl_taught_course_ids = frozenset(
            user.sl_courses_taught.values_list("pk", flat=True)
        )
    return course.pk in cache


def can_manage_course(user, course) -> bool:
    """Coordinators of the course's faculty run its offers and allocation."""
    if not is_coordinator(user):
        return False
    ids = coordinated_faculty_ids(user)
    return ids is None or course.faculty_id in ids


def can_view_course(user, course) -> bool:
    return can_manage_course(user, course) or teaches(user, course)


def course_scope(user) -> Q:
    """Courses a coordinator may reach (their faculties'); nothing for others."""
    if not is_coordinator(user):
        return Q(pk__in=[])
    return faculty_scope(user, "faculty")


# Students ------------------------------------------------------------------------


def student_scope(user) -> Q:
    """Students (User rows) a coordinator may choose: the central office every
    student; a faculty coordinator those enrolled in a course of their faculties
    or in one of their faculties' programmes; nobody else any."""
    if not is_coordinator(user):
        return Q(pk__in=[])
    ids = coordinated_faculty_ids(user)
    if ids is None:
        return Q()
    from placements.models import Enrolment

    enrolled = Enrolment.objects.filter(
        Q(course__faculty_id__in=ids) | Q(programme__faculty_id__in=ids)
    ).values("student_id")
    return Q(pk__in=enrolled)


# Offers --------------------------------------------------------------------------


def offer_scope(user) -> Q:
    """Offers for a course (or any course) of the faculties the user coordinates."""
    if not is_coordinator(user):
        return Q(pk__in=[])
    ids = coordinated_faculty_ids(user)
    if ids is None:
        return Q()
    from placements.models import Offer

    linked = Offer.courses.through.objects.filter(course__faculty_id__in=ids).values(
        "offer_id"
    )
    return Q(faculty_id__in=ids) | Q(pk__in=linked)


def can_manage_offer(user, offer) -> bool:
    if not is_coordinator(user):
        return False
    ids = coordinated_faculty_ids(user)
    if ids is None:
        return True
    if offer.faculty_id in ids:
        return True
    if offer.pk is None:
        return False
    return any(course.faculty_id in ids for course in offer.courses.all())


def partner_organisation_ids(user) -> frozenset[int]:
    """The organisations where `user` is an active contact (cached on the user)."""
    if not _authenticated(user):
        return frozenset()
    cache = getattr(user, "_sl_partner_organisation_ids", None)
    if cache is None:
        from partners.models import Organisation

        cache = user._sl_partner_organisation_ids = frozenset(
            Organisation.objects.for_contact_user(user).values_list("pk", flat=True)
        )
    return cache


def hosts(user, offer) -> bool:
    """The user is a contact of the organisation that hosts `offer`."""
    return offer.organisation_id in partner_organisation_ids(user)


# Placements ----------------------------------------------------------------------


def placement_scope(user) -> Q:
    """Placements a coordinator may reach: those of their faculties' courses."""
    if not is_coordinator(user):
        return Q(pk__in=[])
    return faculty_scope(user, "course__faculty")


def can_manage_placement(user, placement) -> bool:
    if not is_coordinator(user):
        return False
    ids = coordinated_faculty_ids(user)
    return ids is None or placement.course.faculty_id in ids


def is_placed_student(user, placement) -> bool:
    return _authenticated(user) and placement.student_id == user.pk


def can_view_placement(user, placement) -> bool:
    """Student, lecturer, coordinator of the faculty, or the hosting partner."""
    return (
        is_placed_student(user, placement)
        or can_manage_placement(user, placement)
        or teaches(user, placement.course)
        or hosts(user, placement.offer)
    )


def can_read_reflections(user, placement) -> bool:
    """Reflections are for the student, their lecturers and coordinators only."""
    return (
        is_placed_student(user, placement)
        or can_manage_placement(user, placement)
        or teaches(user, placement.course)
    )


def can_act_as_partner(user, placement) -> bool:
    """Approve hours, accept, sign as mentor, evaluate: the hosting partner."""
    return hosts(user, placement.offer)


# The admin: one Wagtail policy per model, all built on the scopes above. ----------


class FacultyScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from the role) AND the row rule (the user's faculties)."""

    never = frozenset()  # actions nobody may take in the admin (e.g. delete)

    def __init__(self, model, *, lookup: str, never=()):
        super().__init__(model)
        self.lookup = lookup
        self.never = frozenset(never)

    def scope(self, user) -> Q:
        if is_engage_coordinator(user):
            return Q()
        if not is_coordinator(user):
            return Q(pk__in=[])
        return faculty_scope(user, self.lookup)

    def in_scope(self, user, instance) -> bool:
        if is_engage_coordinator(user):
            return True
        if not is_coordinator(user):
            return False
        ids = coordinated_faculty_ids(user)
        return faculty_id_via(instance, self.lookup) in ids

    def user_has_permission(self, user, action):
        if action in self.never:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.in_scope(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not self.user_has_any_permission(user, actions):
            return manager.none()
        return manager.filter(self.scope(user))


class OfferPermissionPolicy(FacultyScopedPermissionPolicy):
    """Offers belong to a faculty directly or through the courses they serve."""

    def __init__(self, model):
        super().__init__(model, lookup="faculty")

    def scope(self, user) -> Q:
        return offer_scope(user)

    def in_scope(self, user, instance) -> bool:
        return can_manage_offer(user, instance)


def register_policies() -> None:
    """One rule per model, registered before any admin view asks for it."""
    from wagtail.permissions import policy_registry, register_permission_policy

    from placements import models

    policies = {
        models.Course: FacultyScopedPermissionPolicy(models.Course, lookup="faculty"),
        models.Offer: OfferPermissionPolicy(models.Offer),
        models.Enrolment: FacultyScopedPermissionPolicy(
            models.Enrolment, lookup="course__faculty"
        ),
        models.Placement: FacultyScopedPermissionPolicy(
            models.Placement, lookup="course__faculty", never=("delete",)
        ),
        models.AllocationRule: FacultyScopedPermissionPolicy(
            models.AllocationRule, lookup="course__faculty"
        ),
        models.AllocationRun: FacultyScopedPermissionPolicy(
            models.AllocationRun, lookup="course__faculty", never=("delete", "change")
        ),
        models.HourEntry: FacultyScopedPermissionPolicy(
            models.HourEntry, lookup="placement__course__faculty", never=("delete",)
        ),
    }
    for model, policy in policies.items():
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy)
