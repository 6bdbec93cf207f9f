"""The service-learning admin: listings with filters and exports, the allocation
screens, placement transitions as admin actions, and faculty scoping everywhere."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engage.accounts.factories import FacultyCoordinatorFactory
from engage.university.models import Faculty
from placements.factories import (
    CourseFactory,
    EnrolmentFactory,
    OfferFactory,
    PlacementFactory,
    PrerequisiteFactory,
)
from placements.models import Offer, Placement, Preference
from tests.placements.helpers import bulk_placements

pytestmark = pytest.mark.django_db


@pytest.fixture
def medicine_placement(current_year):
    course = CourseFactory(
        code="MEDSL1",
        title_en="Care and community",
        faculty=Faculty.objects.get(code="MED"),
    )
    enrolment = EnrolmentFactory(course=course)
    enrolment.student.last_name = "Medicus"
    enrolment.student.save()
    return PlacementFactory(
        enrolment=enrolment, offer=OfferFactory(title="Hospice visits")
    )


@pytest.fixture
def arts_placement(enrolment, offer):
    enrolment.student.last_name = "Artiste"
    enrolment.student.save()
    return PlacementFactory(enrolment=enrolment, offer=offer)


def assert_refused(client, url, secret):
    """Refused (a 404 may be redirected to its language-prefixed twin first)."""
    response = client.get(url, follow=True)
    assert response.status_code in (403, 404), url
    assert secret not in response.content.decode(errors="replace"), url


def test_coordinator_lists_filters_and_exports_placements(
    client, coordinator, arts_placement, medicine_placement
):
    client.force_login(coordinator)
    index = reverse("sl_placements:index")
    page = client.get(index).content.decode()
    assert "Artiste" in page and "Medicus" in page
    med = Faculty.objects.get(code="MED")
    page = client.get(index, {"faculty": med.pk}).content.decode()
    assert "Medicus" in page and "Artiste" not in page
    page = client.get(
        index, {"organisation": arts_placement.offer.organisation_id}
    ).content.decode()
    assert "Artiste" in page and "Medicus" not in page
    page = client.get(index, {"status": "proposed", "q": "Medicus"}).content.decode()
    assert "Medicus" in page and "Artiste" not in page
    csv = client.get(index, {"export": "csv"}).getvalue().decode("utf-8-sig")
    assert "Artiste" in csv and "Medicus" in csv
    xlsx = client.get(index, {"export": "xlsx"}).getvalue()
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert {"Artiste", "Medicus"} <= {row[2] for row in rows[1:]}


def test_arts_coordinator_never_reaches_a_medicine_placement(
    client, faculty_coordinator, arts_placement, medicine_placement
):
    medic = medicine_placement.student.get_full_name()
    client.force_login(faculty_coordinator)
    index = reverse("sl_placements:index")
    page = client.get(index).content.decode()
    assert arts_placement.student.get_full_name() in page and medic not in page
    assert medic not in client.get(index, {"q": "Medicus"}).content.decode()
    med = Faculty.objects.get(code="MED")
    assert medic not in client.get(index, {"faculty": med.pk}).content.decode()
    for fmt in ("csv", "xlsx"):
        export = client.get(index, {"export": fmt}).getvalue()
        if fmt == "xlsx":
            cells = {
                str(c)
                for row in load_workbook(io.BytesIO(export)).active.iter_rows(
                    values_only=True
                )
                for c in row
            }
            assert "Medicus" not in cells and "Artiste" in cells
        else:
            text = export.decode("utf-8-sig")
            assert "Medicus" not in text and "Artiste" in text
    pk = medicine_placement.pk
    for name in ("inspect", "history", "usage", "agreement"):
        assert_refused(client, reverse(f"sl_placements:{name}", args=[pk]), medic)
    response = client.post(
        reverse("sl_placements:inspect", args=[pk]), {"action": "confirm"}, follow=True
    )
    assert response.status_code in (403, 404)
    medicine_placement.refresh_from_db()
    assert medicine_placement.status == Placement.Status.PROPOSED
    course = medicine_placement.course
    for name in ("edit", "allocation", "import", "copy_next_year", "history"):
        assert_refused(client, reverse(f"sl_courses:{name}", args=[course.pk]), medic)
    assert (
        "Care and community"
        not in client.get(reverse("sl_courses:index")).content.decode()
    )
    assert "MEDSL1" not in client.get(reverse("sl_enrolments:index")).content.decode()
    assert_refused(
        client, reverse("sl_offers:edit", args=[medicine_placement.offer.pk]), "Hospice"
    )
    assert (
        "Hospice visits" not in client.get(reverse("sl_offers:index")).content.decode()
    )
    # Their own faculty's placement opens.
    assert (
        client.get(
            reverse("sl_placements:inspect", args=[arts_placement.pk])
        ).status_code
        == 200
    )


def test_a_faculty_coordinator_only_creates_courses_in_their_faculties(
    client, faculty_coordinator, current_year
):
    client.force_login(faculty_coordinator)
    response = client.get(reverse("sl_courses:add"))
    content = response.content.decode()
    assert "Arts" in content and "Medicine" not in content


def test_placement_listing_query_count_is_constant(
    client, coordinator, course, offer, count_queries, monkeypatch
):
    from placements.viewsets import PlacementIndexView

    # Show every row on one page, so that 500 rows are really rendered.
    monkeypatch.setattr(PlacementIndexView, "get_paginate_by", lambda self, qs: 1000)
    second = OfferFactory(courses=[course])
    index = reverse("sl_placements:index")
    client.force_login(coordinator)
    bulk_placements(course, [offer, second], 10)
    client.get(index)
    few = count_queries(lambda: client.get(index))
    assert count_queries.last_result.content.decode().count('<td class="title">') == 10
    bulk_placements(course, [offer, second], 490)
    many = count_queries(lambda: client.get(index))
    assert count_queries.last_result.content.decode().count('<td class="title">') == 500
    assert few == many


def test_allocation_preview_and_commit_in_the_admin(
    client, coordinator, course, offer, languages
):
    enrolments = [
        EnrolmentFactory(course=course, languages=[languages["nl"]]) for _ in range(3)
    ]
    for e in enrolments:
        Preference.objects.create(enrolment=e, offer=offer, rank=1)
    client.force_login(coordinator)
    page_url = reverse("sl_courses:allocation", args=[course.pk])
    page = client.get(page_url).content.decode()
    assert "2 placed, 1 unplaced" in page
    assert "went to other students" in page
    # Forbid one pair and re-run: now the forbidden student is the one unplaced.
    client.post(
        page_url,
        {
            "action": "add",
            "enrolment": enrolments[0].pk,
            "offer": offer.pk,
            "kind": "forbid",
        },
    )
    page = client.get(page_url).content.decode()
    assert "excluded by a coordinator" in page
    response = client.post(page_url, {"action": "commit", "confirm_early": "1"})
    assert response.status_code == 302
    assert set(Placement.objects.values_list("enrolment_id", flat=True)) == {
        enrolments[1].pk,
        enrolments[2].pk,
    }


def test_transitions_are_admin_actions(client, coordinator, arts_placement):
    extract = PrerequisiteFactory(code="criminal-record-model-2")
    arts_placement.offer.prerequisites.add(extract)
    client.force_login(coordinator)
    inspect = reverse("sl_placements:inspect", args=[arts_placement.pk])
    assert (
        "Confirm (student and partner agreed)" in client.get(inspect).content.decode()
    )
    client.post(inspect, {"action": "confirm"})
    arts_placement.refresh_from_db()
    assert arts_placement.status == Placement.Status.CONFIRMED
    client.post(
        inspect, {"action": "check", "prerequisite": extract.pk, "note": "Seen"}
    )
    assert arts_placement.prerequisite_checks.get().note == "Seen"
    response = client.post(inspect, {"action": "cancel", "cancel-reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    client.post(inspect, {"action": "cancel", "cancel-reason": "Organisation moved"})
    history = client.get(reverse("sl_placements:history", args=[arts_placement.pk]))
    assert history.status_code == 200
    assert "Placement cancelled" in history.content.decode()
    arts_placement.refresh_from_db()
    assert arts_placement.status == Placement.Status.CANCELLED
    arts_placement.offer.refresh_from_db()
    assert arts_placement.offer.places_taken == 0


def test_offers_are_published_and_closed_from_the_admin(client, coordinator, course):
    offer = OfferFactory(courses=[course], status=Offer.Status.DRAFT)
    client.force_login(coordinator)
    client.post(reverse("sl_offers:action", args=[offer.pk, "publish"]))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    client.post(reverse("sl_offers:action", args=[offer.pk, "close"]))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED


def test_courses_copy_and_import_from_the_admin(client, coordinator, course):
    client.force_login(coordinator)
    response = client.post(reverse("sl_courses:copy_next_year", args=[course.pk]))
    assert response.status_code == 302
    assert course.copies.count() == 1
    csv = (
        b"student_number,first_name,last_name,email,programme\n"
        b"r0700001,An,Peeters,an.peeters@student.kuleuven.be,\n"
        b"bad,Bo,,bo@student.kuleuven.be,\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("sl_courses:import", args=[course.pk]),
        {"file": SimpleUploadedFile("students.csv", csv, "text/csv")},
    )
    content = response.content.decode()
    assert "Nothing was imported" in content and "Row 3" in content
    assert course.enrolments.count() == 0


def test_partner_feedback_is_only_shown_in_aggregate(
    client, coordinator, course, offer
):
    from placements.models import StudentEvaluation

    placements = bulk_placements(course, [offer], 3, status=Placement.Status.EVALUATED)
    for i, placement in enumerate(placements):
        StudentEvaluation.objects.create(
            placement=placement,
            learning=3 + i % 3,
            guidance=4,
            meaningfulness=5,
            organisation=4,
            comments=f"secret comment {i}",
        )
    client.force_login(coordinator)
    page = client.get(reverse("sl_feedback:index")).content.decode()
    assert "Vzw De Brug" in page and "4.0" in page
    assert "secret comment" not in page


def test_the_faculty_coordinators_menu_shows_service_learning(
    client, faculty_coordinator
):
    client.force_login(faculty_coordinator)
    page = client.get("/admin/").content.decode()
    assert "Service-learning" in page


def test_others_do_not_enter_the_service_learning_admin(client, student, lecturer):
    for user in (student, lecturer, FacultyCoordinatorFactory(faculties=[])):
        client.force_login(user)
        response = client.get(reverse("sl_placements:index"))
        assert (
            response.status_code in (302, 403)
            or "Artiste" not in response.content.decode()
        )


def test_site_pages_refuse_other_faculties_too(
    client, faculty_coordinator, medicine_placement
):
    client.force_login(faculty_coordinator)
    for name in (
        "agreement_pdf",
        "lecturer_placement",
        "partner_placement",
        "placement",
    ):
        url = reverse(f"placements:{name}", kwargs={"pk": medicine_placement.pk})
        assert client.get(url).status_code == 404, name
    course = medicine_placement.course
    assert (
        client.get(
            reverse("placements:lecturer_course", kwargs={"pk": course.pk})
        ).status_code
        == 404
    )


def test_coordinators_create_courses_and_offers_and_propose_in_the_admin(
    client, faculty_coordinator, current_year, organisation, mentor, student
):
    from placements.models import Course

    client.force_login(faculty_coordinator)
    arts = Faculty.objects.get(code="ARTS")
    response = client.post(
        reverse("sl_courses:add"),
        {
            "code": "W0NEW1",
            "academic_year": current_year.pk,
            "title_en": "Serving the city",
            "title_nl": "De stad dienen",
            "faculty": arts.pk,
            "ects": "6",
            "expected_hours": "40",
            "planned_students": "20",
            "max_preferences": "5",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.objects.get(code="W0NEW1")
    medicine = Faculty.objects.get(code="MED")
    response = client.post(
        reverse("sl_courses:add"),
        {
            "code": "W0NEW2",
            "academic_year": current_year.pk,
            "title_en": "Elsewhere",
            "title_nl": "Elders",
            "faculty": medicine.pk,
            "ects": "6",
            "expected_hours": "40",
            "planned_students": "20",
            "max_preferences": "5",
            "status": "open",
        },
    )
    assert response.status_code == 200  # Medicine is not a choice for them
    assert not Course.objects.filter(code="W0NEW2").exists()
    offer_data = {
        "organisation": organisation.pk,
        "academic_year": current_year.pk,
        "title_en": "Reading buddies",
        "tasks_en": "Read with children.",
        "courses": [course.pk],
        "mentor": mentor.pk,
        "places": "3",
        "start_date": "2026-10-01",
        "end_date": "2026-12-20",
        "hours_per_week": "3",
    }
    response = client.post(reverse("sl_offers:add"), offer_data)
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get(title_en="Reading buddies")
    assert offer.status == Offer.Status.DRAFT
    client.post(reverse("sl_offers:action", args=[offer.pk, "publish"]))
    enrolment = EnrolmentFactory(course=course, student=student)
    response = client.post(
        reverse("sl_placements:add"), {"enrolment": enrolment.pk, "offer": offer.pk}
    )
    assert response.status_code == 302
    placement = Placement.objects.get(enrolment=enrolment)
    assert response["Location"] == reverse("sl_placements:inspect", args=[placement.pk])


def test_editing_an_offer_keeps_links_to_other_faculties_courses(
    client, faculty_coordinator, course, offer
):
    medicine_course = CourseFactory(
        code="MEDSL9", faculty=Faculty.objects.get(code="MED")
    )
    offer.courses.add(medicine_course)
    client.force_login(faculty_coordinator)
    form_page = client.get(reverse("sl_offers:edit", args=[offer.pk])).content.decode()
    assert "MEDSL9" not in form_page
    response = client.post(
        reverse("sl_offers:edit", args=[offer.pk]),
        {
            "organisation": offer.organisation_id,
            "academic_year": offer.academic_year_id,
            "title_en": "Homework class (renamed)",
            "tasks_en": offer.tasks_en,
            "courses": [course.pk],
            "mentor": offer.mentor_id,
            "places": "3",
            "start_date": offer.start_date.isoformat(),
            "end_date": offer.end_date.isoformat(),
            "hours_per_week": "4",
            "languages": [lang.pk for lang in offer.languages.all()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offer.refresh_from_db()
    assert offer.title == "Homework class (renamed)"
    assert set(offer.courses.all()) == {course, medicine_course}


def test_enrolling_lists_no_student_and_refuses_one_out_of_scope(
    client, faculty_coordinator, course
):
    """The enrolment form never lists the university's students: the student is
    picked in a scoped chooser, and a posted id outside the scope is refused."""
    from engage.accounts.factories import StudentFactory

    ours = StudentFactory(last_name="Ours")
    EnrolmentFactory(course=course, student=ours)
    StudentFactory(last_name="Elsewhere")
    elsewhere = StudentFactory(last_name="Outsider")
    client.force_login(faculty_coordinator)
    form = client.get(reverse("sl_enrolments:add")).content.decode()
    assert "Ours" not in form and "Elsewhere" not in form and "Outsider" not in form
    response = client.post(
        reverse("sl_enrolments:add"), {"course": course.pk, "student": elsewhere.pk}
    )
    assert response.status_code == 200
    assert not course.enrolments.filter(student=elsewhere).exists()
