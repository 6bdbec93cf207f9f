"""What an import (enrolments, partners, referral packets, any future feed) may do
with accounts that already exist: link them, never change them.

An import never writes an existing account's email, name or roles: a file is not
proof of who owns an address. It may only enrol a plain student account; rows that
point at staff, coordinators, partner contacts or accounts without the student role
are refused and listed, so that an import can never reach a privileged account.
"""

from django.utils.translation import gettext as _

from engage.accounts.models import Role

NON_STUDENT_ROLES = frozenset(str(role) for role in Role if role != Role.STUDENT)


def is_student_account(user) -> bool:
    """A student and nothing else: the student role, no other role, no admin flags."""
    roles = user.role_names
    return (
        not user.is_staff
        and not user.is_superuser
        and str(Role.STUDENT) in roles
        and not roles & NON_STUDENT_ROLES
    )


def import_refusal(user, *, actor) -> str | None:
    """Why an import run by `actor` may not enrol the existing account `user`, or None.

    The same rule for every importer: a central coordinator may enrol any student
    account, a faculty coordinator too (students take courses of every faculty);
    neither may reach an account that is anything but a student's.
    """
    if not is_student_account(user):
        return _(
            "This row points at an account that is not a student account in "
            "Engage; an import only enrols students."
        )
    return None
