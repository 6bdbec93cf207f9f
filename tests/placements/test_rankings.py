"""Coordinators see each student's ranking and note; students are chosen with a
scoped chooser, never from a select of every student."""

import pytest
from django.urls import reverse

from engage.accounts.factories import StudentFactory
from engage.university.models import Faculty
from placements.factories import CourseFactory, EnrolmentFactory, OfferFactory
from placements.models import Enrolment, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(course, offer, languages):
    second = OfferFactory(courses=[course], title="Reading buddies")
    enrolment = EnrolmentFactory(
        course=course, languages=[languages["nl"]], note="Only on Monday mornings"
    )
    Preference.objects.create(enrolment=enrolment, offer=second, rank=1)
    Preference.objects.create(enrolment=enrolment, offer=offer, rank=2)
    return enrolment


def test_the_enrolment_inspect_and_edit_views_show_the_ranking_and_note(
    client, coordinator, ranked
):
    client.force_login(coordinator)
    for name in ("inspect", "edit"):
        page = client.get(reverse(f"sl_enrolments:{name}", args=[ranked.pk]))
        content = page.content.decode()
        assert page.status_code == 200, name
        assert "Only on Monday mornings" in content, name
        first = content.index("Reading buddies")
        assert first < content.index("Homework class"), name
        assert "Published" in content, name


def test_the_allocation_preview_shows_each_students_ranking_and_note(
    client, coordinator, ranked, course
):
    client.force_login(coordinator)
    page = client.get(reverse("sl_courses:allocation", args=[course.pk]))
    content = page.content.decode()
    assert "Only on Monday mornings" in content
    assert "1. Reading buddies" in content and "2. Homework class" in content


def test_the_allocation_preview_query_count_is_constant(
    client, coordinator, course, offer, languages, count_queries
):
    second = OfferFactory(courses=[course], places=50)

    def add(n):
        for _ in range(n):
            enrolment = EnrolmentFactory(
                course=course, languages=[languages["nl"]], note="A note"
            )
            Preference.objects.create(enrolment=enrolment, offer=offer, rank=1)
            Preference.objects.create(enrolment=enrolment, offer=second, rank=2)

    client.force_login(coordinator)
    url = reverse("sl_courses:allocation", args=[course.pk])
    add(2)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    add(20)
    many = count_queries(lambda: client.get(url))
    assert count_queries.last_result.content.decode().count("A note") == 22
    assert few == many


def test_the_student_field_is_a_chooser_not_a_select_of_every_student(
    client, coordinator, course
):
    students = StudentFactory.create_batch(30)
    client.force_login(coordinator)
    page = client.get(reverse("sl_enrolments:add")).content.decode()
    assert not any(s.email in page for s in students)
    assert '<select name="student"' not in page and "Choose a student" in page
    chooser = reverse("sl_student_chooser:choose")
    results = client.get(chooser, {"q": students[3].last_name}).content.decode()
    assert students[3].email in results


def test_a_faculty_coordinator_chooses_only_among_their_faculties_students(
    client, faculty_coordinator, course
):
    ours = EnrolmentFactory(course=course).student
    medicine = CourseFactory(faculty=Faculty.objects.get(code="MED"))
    theirs = EnrolmentFactory(course=medicine).student
    client.force_login(faculty_coordinator)
    results = client.get(reverse("sl_student_chooser:choose_results")).content.decode()
    assert ours.email in results and theirs.email not in results
    chosen = reverse("sl_student_chooser:chosen", args=[theirs.pk])
    assert client.get(chosen).status_code == 404
    chosen = reverse("sl_student_chooser:chosen", args=[ours.pk])
    assert client.get(chosen).status_code == 200
    # Posting a student outside the scope is refused at the field.
    other_course = CourseFactory(code="W0SL02")
    response = client.post(
        reverse("sl_enrolments:add"),
        {"course": other_course.pk, "student": theirs.pk},
    )
    assert response.status_code == 200
    assert not Enrolment.objects.filter(student=theirs, course=other_course).exists()


def test_propose_and_rule_forms_choose_enrolments_with_a_scoped_chooser(
    client, faculty_coordinator, course, ranked
):
    medicine = CourseFactory(faculty=Faculty.objects.get(code="MED"))
    theirs = EnrolmentFactory(course=medicine)
    client.force_login(faculty_coordinator)
    page = client.get(reverse("sl_placements:add")).content.decode()
    assert '<select name="enrolment"' not in page
    allocation = reverse("sl_courses:allocation", args=[course.pk])
    page = client.get(allocation).content.decode()
    assert '<select name="enrolment"' not in page
    assert f"choose-enrolment/?course={course.pk}" in page
    results = client.get(
        reverse("sl_enrolment_chooser:choose_results")
    ).content.decode()
    assert ranked.student.get_full_name() in results
    assert theirs.student.get_full_name() not in results
    chosen = reverse("sl_enrolment_chooser:chosen", args=[theirs.pk])
    assert client.get(chosen).status_code == 404
