"""Who may see what: the role and faculty helpers every module's policies build on."""

from django.db.models import Q

from engage.accounts.models import Role


def _is_authenticated(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active)


def is_engage_coordinator(user) -> bool:
    """Central office staff (and superusers) see and do everything."""
    return _is_authenticated(user) and (
        user.is_superuser or user.has_role(Role.ENGAGE_COORDINATOR)
    )


def is_faculty_coordinator(user) -> bool:
    return _is_authenticated(user) and user.has_role(Role.FACULTY_COORDINATOR)


def is_lecturer(user) -> bool:
    return _is_authenticated(user) and user.has_role(Role.LECTURER)


def is_student(user) -> bool:
    return _is_authenticated(user) and user.has_role(Role.STUDENT)


def is_partner_contact(user) -> bool:
    return _is_authenticated(user) and user.has_role(Role.PARTNER_CONTACT)


def is_coordinator(user) -> bool:
    """Central or faculty coordinator: the people who work in the admin."""
    return is_engage_coordinator(user) or is_faculty_coordinator(user)


def coordinated_faculty_ids(user) -> frozenset[int] | None:
    """The faculties this user coordinates; None means every faculty (central office).

    An empty set means none: the user sees no faculty-scoped rows.
    """
    if is_engage_coordinator(user):
        return None
    if not is_faculty_coordinator(user):
        return frozenset()
    if not hasattr(user, "_coordinated_faculty_ids"):
        user._coordinated_faculty_ids = frozenset(
            user.faculties.values_list("pk", flat=True)
        )
    return user._coordinated_faculty_ids


def faculty_scope(user, lookup: str = "faculty") -> Q:
    """Limits faculty-owned rows (reached via `lookup`) to what `user` coordinates."""
    ids = coordinated_faculty_ids(user)
    if ids is None:
        return Q()
    if not ids:
        return Q(pk__in=[])
    return Q(**{f"{lookup}__in": ids})


def coordinates_faculty(user, faculty_id) -> bool:
    ids = coordinated_faculty_ids(user)
    return ids is None or faculty_id in ids
