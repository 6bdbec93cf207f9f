"""Demo people with known passwords; `make run` prints them."""

from engage.accounts.factories import (
    DEFAULT_PASSWORD,
    CoordinatorFactory,
    FacultyCoordinatorFactory,
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.university.models import Faculty

DEMO_LOGINS = [
    ("Engage coordinator", "coordinator@engage.example"),
    (
        "Faculty coordinator (Arts, Social Sciences)",
        "faculty.coordinator@engage.example",
    ),
    ("Lecturer / supervisor", "lecturer@engage.example"),
    ("Student", "student@engage.example"),
    ("Partner contact", "partner@engage.example"),
]


def seed(stdout=None) -> None:
    CoordinatorFactory(
        email="coordinator@engage.example",
        first_name="Ann",
        last_name="Peeters",
        preferred_language="en",
    )
    FacultyCoordinatorFactory(
        email="faculty.coordinator@engage.example",
        first_name="Koen",
        last_name="Janssens",
        faculties=list(Faculty.objects.filter(code__in=["ARTS", "SOC"])),
    )
    LecturerFactory(
        email="lecturer@engage.example",
        first_name="Sofie",
        last_name="Maes",
    )
    StudentFactory(
        email="student@engage.example",
        first_name="Lotte",
        last_name="Claes",
        student_number="r0000001",
    )
    PartnerContactUserFactory(
        email="partner@engage.example",
        first_name="Pieter",
        last_name="Willems",
    )
    if stdout:
        stdout.write(f"  people: {len(DEMO_LOGINS)} demo accounts")


def print_logins(stdout) -> None:
    stdout.write(f"Demo logins (password for all: {DEFAULT_PASSWORD}):")
    for role, email in DEMO_LOGINS:
        stdout.write(f"  {role:<45} {email}")
