"""The management commands: allocate_placements (JSON) and import_enrolments."""

import json

import pytest
from django.core.management import CommandError, call_command

from engage.accounts.models import Role, User
from placements.factories import EnrolmentFactory, OfferFactory
from placements.models import Enrolment, Placement, Preference

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_allocate_placements_prints_the_documented_json(course, offer, languages):
    full = OfferFactory(courses=[course], places=1)
    enrolments = [
        EnrolmentFactory(course=course, languages=[languages["nl"]]) for _ in range(3)
    ]
    for e in enrolments:
        Preference.objects.create(enrolment=e, offer=full, rank=1)
        Preference.objects.create(enrolment=e, offer=offer, rank=2)
    label = course.academic_year.label
    data = json.loads(
        run("allocate_placements", "--course", course.code, "--year", label, "--json")
    )
    assert data["course"] == course.code and data["academic_year"] == label
    assert sorted(data["offers"], key=lambda o: o["id"]) == [
        {"id": offer.pk, "places": 2},
        {"id": full.pk, "places": 1},
    ]
    student = next(s for s in data["students"] if s["id"] == enrolments[0].student_id)
    assert student["preferences"] == [full.pk, offer.pk]
    assert set(student["eligible"]) == {offer.pk, full.pk}
    assert data["summary"]["placed"] == 3
    assert data["summary"]["by_rank"]["1"] == 1 and data["summary"]["by_rank"]["2"] == 2
    assert {a["rank"] for a in data["assignments"]} == {1, 2}
    assert Placement.objects.count() == 0
    committed = json.loads(
        run(
            "allocate_placements",
            "--course",
            course.code,
            "--year",
            label,
            "--commit",
            "--before-deadline",
            "--json",
        )
    )
    assert committed["summary"] == data["summary"]
    assert Placement.objects.filter(status="proposed").count() == 3


def test_allocate_placements_reports_an_unknown_course(db):
    with pytest.raises(CommandError, match="No course"):
        run("allocate_placements", "--course", "NOPE", "--year", "2026-2027", "--json")


CSV = (
    "student_number,first_name,last_name,email,programme\n"
    "r0800001,An,Peeters,an.peeters@student.kuleuven.be,B-HIST\n"
    "r0800002,Bram,Claes,bram.claes@student.kuleuven.be,\n"
)


def test_import_enrolments_creates_students_once(tmp_path, course):
    path = tmp_path / "students.csv"
    path.write_text(CSV)
    label = course.academic_year.label
    output = run(
        "import_enrolments", str(path), "--course", course.code, "--year", label
    )
    assert "2 enrolled" in output
    an = User.objects.get(student_number="r0800001")
    assert an.has_role(Role.STUDENT) and not an.has_usable_password()
    assert Enrolment.objects.get(student=an).programme.code == "B-HIST"
    again = run(
        "import_enrolments", str(path), "--course", course.code, "--year", label
    )
    assert "0 enrolled" in again and "2 already enrolled" in again
    assert User.objects.filter(student_number__startswith="r08").count() == 2
    assert course.enrolments.count() == 2


def test_import_enrolments_is_all_or_nothing_and_lists_every_bad_row(
    tmp_path, course, student
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "student_number,first_name,last_name,email,programme\n"
        "r0800001,An,Peeters,an.peeters@student.kuleuven.be,\n"
        "12,Bo,,not-an-email,\n"
        f"r0800003,Cas,Maes,{student.email},\n"
        "r0800001,Dirk,Dup,dirk@student.kuleuven.be,NOPE\n"
    )
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="3 bad row"):
        call_command(
            "import_enrolments",
            str(path),
            "--course",
            course.code,
            "--year",
            course.academic_year.label,
            stdout=StringIO(),
            stderr=err,
        )
    messages = err.getvalue()
    assert "Row 3 [student_number]" in messages
    assert "Row 3 [last_name]" in messages
    assert "Row 3 [email]" in messages
    assert f"Row 4 [email]: {student.email} belongs to student" in messages
    assert "Row 5 [student_number]: Also on row 2." in messages
    assert "Row 5 [programme]" in messages
    assert course.enrolments.count() == 0
    assert not User.objects.filter(student_number="r0800001").exists()


def test_import_enrolments_enrols_by_student_number_and_keeps_the_account(
    tmp_path, course
):
    from engage.accounts.factories import StudentFactory
    from engage.university.models import Programme

    existing = StudentFactory(
        student_number="r0800001", first_name="Anne", email="an@student.kuleuven.be"
    )
    path = tmp_path / "s.xlsx"
    from engage.core.tabular import write_xlsx

    programme = Programme.objects.first()
    path.write_bytes(
        write_xlsx(
            {
                "s": (
                    ["Student number", "First name", "Last name", "Email", "Programme"],
                    [
                        [
                            "R0800001",
                            "An",
                            "Peeters",
                            "an@student.kuleuven.be",
                            programme.code,
                        ]
                    ],
                )
            }
        )
    )
    run(
        "import_enrolments",
        str(path),
        "--course",
        course.code,
        "--year",
        course.academic_year.label,
    )
    existing.refresh_from_db()
    # An import never renames or re-addresses an existing account.
    assert (existing.first_name, existing.email) == (
        "Anne",
        "an@student.kuleuven.be",
    )
    assert course.enrolments.get().programme == programme
