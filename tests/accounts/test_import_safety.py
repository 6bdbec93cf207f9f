"""Imports never take over accounts: they link existing people, never change them.

Issue 10, finding 1: a faculty coordinator's enrolment import gave the central
coordinator's account a student number, then changed its email to the importer's
own address; a password reset then handed over central-office access.
"""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from engage.accounts.factories import (
    CoordinatorFactory,
    FacultyCoordinatorFactory,
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.accounts.models import Role, User
from engage.core.tabular import ImportFailed, read_table
from placements import services as placement_services
from placements.factories import CourseFactory
from placements.models import Enrolment

pytestmark = pytest.mark.django_db

HEADER = "student_number,first_name,last_name,email,programme\n"


def csv_upload(*rows, name="students.csv"):
    return SimpleUploadedFile(name, (HEADER + "".join(rows)).encode(), "text/csv")


@pytest.fixture
def course(reference_data, faculty_coordinator):
    return CourseFactory()  # of ARTS, which the faculty coordinator coordinates


def account_state(user):
    user.refresh_from_db()
    return (
        user.email,
        user.first_name,
        user.last_name,
        user.student_number,
        sorted(user.groups.values_list("name", flat=True)),
        user.password,
    )


def test_the_takeover_chain_is_refused_at_its_first_row(
    client, course, faculty_coordinator
):
    central = CoordinatorFactory(email="head@kuleuven.be", first_name="Hilde")
    before = account_state(central)
    client.force_login(faculty_coordinator)
    url = reverse("sl_courses:import", args=[course.pk])

    # Step 1: give the central coordinator's account a student number.
    response = client.post(
        url, {"file": csv_upload("r0999999,Hilde,Head,head@kuleuven.be,\n")}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in content
    assert "Row 2" in content and "not a student account" in content
    assert account_state(central) == before
    assert not Enrolment.objects.filter(course=course).exists()
    assert not User.objects.filter(student_number="r0999999").exists()

    # Step 2: the row that would have moved that account to the importer's address
    # now only meets a new student number: at most a new student account is made.
    client.post(
        url, {"file": csv_upload("r0999999,Hilde,Head,mallory@evil.example,\n")}
    )
    assert account_state(central) == before

    # Steps 3 and 4: a password reset for the importer's address opens no admin.
    client.logout()
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "mallory@evil.example"})
    assert all("head@kuleuven.be" not in m.to for m in mail.outbox)
    mallory = User.objects.filter(email="mallory@evil.example").first()
    assert mallory is None or (
        mallory.pk != central.pk and not mallory.has_perm("wagtailadmin.access_admin")
    )
    assert account_state(central) == before


@pytest.mark.parametrize(
    "make_account",
    [
        pytest.param(CoordinatorFactory, id="central-coordinator"),
        pytest.param(FacultyCoordinatorFactory, id="faculty-coordinator"),
        pytest.param(LecturerFactory, id="lecturer"),
        pytest.param(PartnerContactUserFactory, id="partner-contact"),
        pytest.param(
            lambda: StudentFactory(roles=[Role.STUDENT, Role.LECTURER]),
            id="student-who-is-also-staff",
        ),
        pytest.param(lambda: StudentFactory(roles=[]), id="account-without-roles"),
        pytest.param(lambda: StudentFactory(is_staff=True), id="django-staff"),
    ],
)
@pytest.mark.parametrize("by", ["email", "student_number"])
def test_rows_pointing_at_non_students_are_refused_and_listed(
    course, faculty_coordinator, make_account, by
):
    target = make_account()
    if by == "student_number" and not target.student_number:
        target.student_number = "r0888888"
        target.save()
    before = account_state(target)
    good = "r0700001,An,Peeters,an.peeters@student.kuleuven.be,\n"
    if by == "email":
        bad = f"r0777777,X,Y,{target.email},\n"
    else:
        bad = f"{target.student_number},X,Y,someone.else@student.kuleuven.be,\n"
    table = read_table(
        SimpleUploadedFile("s.csv", (HEADER + good + bad).encode()), "s.csv"
    )
    with pytest.raises(ImportFailed) as failed:
        placement_services.import_enrolments(
            course=course, table=table, actor=faculty_coordinator
        )
    assert failed.value.bad_rows == [3]
    assert account_state(target) == before
    assert not Enrolment.objects.filter(course=course).exists()
    assert not User.objects.filter(email="an.peeters@student.kuleuven.be").exists()


def test_a_central_coordinator_may_not_enrol_staff_either(course):
    central = CoordinatorFactory()
    lecturer = LecturerFactory()
    table = read_table(
        SimpleUploadedFile(
            "s.csv", (HEADER + f"r0777777,L,Z,{lecturer.email},\n").encode()
        ),
        "s.csv",
    )
    with pytest.raises(ImportFailed):
        placement_services.import_enrolments(course=course, table=table, actor=central)


def test_a_row_whose_number_and_email_disagree_with_the_account_is_refused(
    course, faculty_coordinator
):
    student = StudentFactory(student_number="r0800001", email="an@student.kuleuven.be")
    before = account_state(student)
    table = read_table(
        SimpleUploadedFile(
            "s.csv", (HEADER + "r0800001,An,P,mallory@evil.example,\n").encode()
        ),
        "s.csv",
    )
    with pytest.raises(ImportFailed) as failed:
        placement_services.import_enrolments(
            course=course, table=table, actor=faculty_coordinator
        )
    assert [e.column for e in failed.value.errors] == ["email"]
    assert account_state(student) == before


def test_a_student_of_another_faculty_is_enrolled_but_not_changed(
    course, faculty_coordinator
):
    other = CourseFactory(faculty=course.faculty.__class__.objects.get(code="LAW"))
    student = StudentFactory(student_number="r0800002", email="bo@student.kuleuven.be")
    placement_services.import_enrolments(
        course=other,
        table=read_table(
            SimpleUploadedFile(
                "s.csv",
                (HEADER + "r0800002,Bo,Claes,bo@student.kuleuven.be,\n").encode(),
            ),
            "s.csv",
        ),
        actor=None,
    )
    before = account_state(student)
    result = placement_services.import_enrolments(
        course=course,
        table=read_table(
            SimpleUploadedFile(
                "s.csv",
                (HEADER + "r0800002,Robert,Other,bo@student.kuleuven.be,\n").encode(),
            ),
            "s.csv",
        ),
        actor=faculty_coordinator,
    )
    assert result.enrolled == 1
    assert account_state(student) == before  # the name stays the student's own


# Every importer leaves existing accounts as they are ---------------------------------


def _enrolments_command(tmp_path, course, person, actor):
    path = tmp_path / "s.csv"
    path.write_text(
        HEADER + f"{person.student_number},Changed,Name,{person.email},\n",
        encoding="utf-8",
    )
    call_command(
        "import_enrolments",
        str(path),
        "--course",
        course.code,
        "--year",
        course.academic_year.label,
    )


def _enrolments_admin(tmp_path, course, person, actor):
    from django.test import Client

    client = Client()
    client.force_login(actor)
    response = client.post(
        reverse("sl_courses:import", args=[course.pk]),
        {"file": csv_upload(f"{person.student_number},Changed,Name,{person.email},\n")},
    )
    assert response.status_code == 302  # imported: the student is enrolled


def _partners(tmp_path, course, person, actor):
    from partners import services
    from partners.factories import ContactFactory, OrganisationFactory

    organisation = OrganisationFactory(name="Vzw De Brug", postcode="3000")
    ContactFactory(
        organisation=organisation,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        user=person,
    )
    path = tmp_path / "p.csv"
    path.write_text(
        "name,postcode,contact_first_name,contact_last_name,contact_email\n"
        f"Vzw De Brug,3000,Changed,Name,{person.email}\n",
        encoding="utf-8",
    )
    services.import_partners(source=path, filename="p.csv", actor=actor)


def _referral_packet(tmp_path, course, person, actor):
    from science_shop import packets, services
    from science_shop.factories import question_in_state
    from science_shop.models import ResearchQuestion, ScienceShop

    question = question_in_state(
        ResearchQuestion.Status.INTAKE,
        submitted_details={
            "organisation": {
                "name": "Vzw De Brug",
                "legal_form": "vzw",
                "enterprise_number": "",
                "street": "Brugstraat 1",
                "postcode": "9000",
                "city": "Gent",
                "country": "BE",
                "website": "",
            },
            "contact": {
                "first_name": "Changed",
                "last_name": "Name",
                "function": "",
                "email": person.email,
                "phone": "",
                "language": "nl",
            },
        },
    )
    question = services.refer_question(
        question=question, shop=ScienceShop.objects.get(code="ugent"), actor=actor
    )
    raw = packets.dumps(packets.build_packet(question))
    ScienceShop.objects.update(is_home=False)
    ScienceShop.objects.filter(code="ugent").update(is_home=True)
    services.import_referral_packet(raw=raw, actor=actor)


IMPORTERS = [
    pytest.param(_enrolments_command, id="enrolments-command"),
    pytest.param(_enrolments_admin, id="enrolments-admin"),
    pytest.param(_partners, id="partners"),
    pytest.param(_referral_packet, id="science-shop-referral"),
]


@pytest.mark.parametrize("run_import", IMPORTERS)
def test_every_import_leaves_existing_accounts_unchanged(
    tmp_path, course, run_import, reference_data
):
    actor = CoordinatorFactory()
    person = StudentFactory(
        first_name="An", last_name="Peeters", email="an@student.kuleuven.be"
    )
    before = account_state(person)
    run_import(tmp_path, course, person, actor)  # each import itself succeeds
    assert account_state(person) == before
