"""The placement workflow: guarded, audited transitions with emails on commit."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from engage.accounts.factories import StudentFactory
from engage.core.exceptions import InvalidTransition
from engage.university.models import AcademicYear
from placements import services
from placements.factories import (
    EnrolmentFactory,
    OfferFactory,
    PlacementFactory,
    PrerequisiteFactory,
    ReflectionPromptFactory,
)
from placements.models import (
    Course,
    HourEntry,
    Offer,
    Placement,
    PrerequisiteCheck,
)

pytestmark = pytest.mark.django_db


def actions(obj):
    return list(
        ModelLogEntry.objects.for_instance(obj)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def proposed(enrolment, offer, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        placement = services.propose_placement(
            enrolment=enrolment, offer=offer, actor=coordinator
        )
    mail.outbox.clear()
    return placement


def sign_both(placement, student):
    services.sign_agreement(
        placement=placement,
        party="student",
        name="Lotte Claes",
        ip="10.0.0.1",
        actor=student,
    )
    return services.sign_agreement(
        placement=placement,
        party="mentor",
        name="Mieke Goossens",
        ip="10.0.0.2",
        actor=None,
    )


def test_proposal_emails_the_student_and_the_mentor_with_a_signed_link(
    enrolment, offer, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placement = services.propose_placement(
            enrolment=enrolment, offer=offer, actor=coordinator
        )
    assert placement.status == Placement.Status.PROPOSED
    recipients = {m.to[0]: m for m in mail.outbox}
    assert set(recipients) == {enrolment.student.email, "mieke@debrug.example"}
    mentor_mail = recipients["mieke@debrug.example"]
    assert "/service-learning/partner/mentor/" in mentor_mail.body
    assert mentor_mail.subject.startswith("Een student voor je plaats")  # Dutch mentor
    assert actions(placement) == ["placements.placement.proposed"]


def test_both_acceptances_confirm_and_take_a_place(proposed, student, offer):
    services.accept_placement(placement=proposed, party="student", actor=student)
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.PROPOSED
    services.accept_placement(placement=proposed, party="partner", actor=None)
    proposed.refresh_from_db()
    offer.refresh_from_db()
    assert proposed.status == Placement.Status.CONFIRMED
    assert offer.places_taken == 1
    assert "placements.placement.confirmed" in actions(proposed)


def test_an_offer_becomes_full_and_frees_a_place_on_withdrawal(
    course, offer, coordinator
):
    placements = []
    for enrolment in [EnrolmentFactory(course=course) for _ in range(3)]:
        placements.append(
            services.propose_placement(
                enrolment=enrolment, offer=offer, actor=coordinator
            )
        )
    services.confirm_placement(placement=placements[0], actor=coordinator)
    services.confirm_placement(placement=placements[1], actor=coordinator)
    offer.refresh_from_db()
    assert (offer.places_taken, offer.status) == (2, Offer.Status.FULL)
    with pytest.raises(InvalidTransition, match="no places left"):
        services.confirm_placement(placement=placements[2], actor=coordinator)
    placements[2].refresh_from_db()
    assert placements[2].status == Placement.Status.PROPOSED  # nothing half-saved
    services.withdraw_placement(
        placement=placements[0], reason="Moved abroad", actor=coordinator
    )
    offer.refresh_from_db()
    assert (offer.places_taken, offer.status) == (1, Offer.Status.PUBLISHED)
    services.confirm_placement(placement=placements[2], actor=coordinator)


def test_the_database_refuses_more_confirmed_places_than_places(offer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(places_taken=offer.places + 1)


def test_signing_by_both_stores_the_signed_pdf(
    proposed, student, coordinator, django_capture_on_commit_callbacks
):
    services.confirm_placement(placement=proposed, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        placement = sign_both(proposed, student)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.AGREEMENT_SIGNED
    assert placement.mentor_signed_name == "Mieke Goossens"
    assert placement.mentor_signed_ip == "10.0.0.2"
    assert placement.student_signed_at and placement.mentor_signed_at
    assert placement.agreement_file.name.endswith(".pdf")
    with placement.agreement_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert {m.to[0] for m in mail.outbox} == {student.email, "mieke@debrug.example"}
    assert "placements.placement.agreement_signed" in actions(placement)


def test_signing_needs_a_name_and_a_confirmed_placement(proposed, student):
    with pytest.raises(InvalidTransition):
        services.sign_agreement(
            placement=proposed, party="student", name="Lotte", ip=None, actor=student
        )
    proposed.status = Placement.Status.CONFIRMED
    with pytest.raises(InvalidTransition, match="full name"):
        proposed.sign("student", name="  ", ip=None)


def test_a_placement_cannot_start_before_its_prerequisites_are_checked(
    proposed, student, coordinator, offer
):
    extract = PrerequisiteFactory(code="criminal-record-model-2")
    offer.prerequisites.add(extract)
    services.confirm_placement(placement=proposed, actor=coordinator)
    sign_both(proposed, student)
    with pytest.raises(InvalidTransition, match=r"criminal record \(model 2\)"):
        services.activate_placement(placement=proposed, actor=coordinator)
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.AGREEMENT_SIGNED
    services.check_prerequisite(
        placement=proposed, prerequisite=extract, actor=coordinator
    )
    assert PrerequisiteCheck.objects.get(placement=proposed).checked_by == coordinator
    services.activate_placement(placement=proposed, actor=coordinator)
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.ACTIVE


def test_checking_a_prerequisite_the_offer_does_not_ask_is_refused(
    proposed, coordinator
):
    other = PrerequisiteFactory(code="vaccination")
    with pytest.raises(InvalidTransition):
        services.check_prerequisite(
            placement=proposed, prerequisite=other, actor=coordinator
        )


@pytest.fixture
def active(proposed, student, coordinator):
    services.confirm_placement(placement=proposed, actor=coordinator)
    sign_both(proposed, student)
    services.activate_placement(placement=proposed, actor=coordinator)
    proposed.refresh_from_db()
    mail.outbox.clear()
    return proposed


def test_hours_are_logged_then_approved_or_rejected_with_a_reason(
    active, student, yesterday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.log_hours(
            placement=active,
            date=yesterday,
            hours=Decimal("3.5"),
            activity="Homework",
            actor=student,
        )
    assert mail.outbox[0].to == ["mieke@debrug.example"]
    assert "/service-learning/partner/mentor/" in mail.outbox[0].body
    services.review_hours(entry=entry, approve=True, reviewer_name="Mieke", actor=None)
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.APPROVED
    second = services.log_hours(
        placement=active,
        date=yesterday,
        hours=Decimal("2"),
        activity="Games",
        actor=student,
    )
    with pytest.raises(InvalidTransition, match="why"):
        services.review_hours(
            entry=second, approve=False, reviewer_name="Mieke", actor=None
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.review_hours(
            entry=second,
            approve=False,
            reviewer_name="Mieke",
            reason="Not at our place",
            actor=None,
        )
    second.refresh_from_db()
    assert second.rejection_reason == "Not at our place"
    assert mail.outbox[-1].to == [student.email]
    with pytest.raises(InvalidTransition):
        services.review_hours(
            entry=second, approve=True, reviewer_name="Mieke", actor=None
        )


def test_hours_in_the_future_or_before_the_start_are_refused(proposed, active, student):
    with pytest.raises(ValidationError):
        services.log_hours(
            placement=active,
            date=datetime.date.today() + datetime.timedelta(days=2),
            hours=Decimal("1"),
            activity="x",
            actor=student,
        )
    other = PlacementFactory()
    with pytest.raises(InvalidTransition):
        services.log_hours(
            placement=other,
            date=datetime.date.today(),
            hours=1,
            activity="x",
            actor=student,
        )
    with pytest.raises(ValidationError):
        services.log_hours(
            placement=active,
            date=datetime.date.today(),
            hours=Decimal("30"),
            activity="x",
            actor=student,
        )


def test_completion_then_both_evaluations_make_it_evaluated(
    active, student, coordinator
):
    services.complete_placement(placement=active, actor=coordinator)
    ratings = {"commitment": 5, "communication": 4, "initiative": 4, "respect": 5}
    services.submit_mentor_evaluation(
        placement=active,
        evaluator_name="Mieke",
        ratings=ratings,
        comments="Great",
        actor=None,
    )
    active.refresh_from_db()
    assert active.status == Placement.Status.COMPLETED
    with pytest.raises(InvalidTransition):
        services.submit_mentor_evaluation(
            placement=active,
            evaluator_name="Mieke",
            ratings=ratings,
            comments="",
            actor=None,
        )
    services.submit_student_evaluation(
        placement=active,
        ratings={"learning": 5, "guidance": 4, "meaningfulness": 5, "organisation": 3},
        would_recommend=True,
        comments="",
        actor=student,
    )
    active.refresh_from_db()
    assert active.status == Placement.Status.EVALUATED


def test_reflections_follow_the_course_prompts(active, student):
    prompt = ReflectionPromptFactory(
        course=active.course, question="What surprised you?"
    )
    assert (
        services.save_reflections(
            placement=active,
            answers={prompt.pk: "The children's energy."},
            actor=student,
        )
        == 1
    )
    assert active.reflections.get().answer == "The children's energy."
    services.save_reflections(
        placement=active, answers={prompt.pk: "Updated"}, actor=student
    )
    assert active.reflections.get().answer == "Updated"


def test_cancel_and_withdraw_need_a_reason_and_an_open_placement(proposed, coordinator):
    with pytest.raises(InvalidTransition, match="reason"):
        services.cancel_placement(placement=proposed, reason=" ", actor=coordinator)
    services.cancel_placement(
        placement=proposed, reason="Organisation closed", actor=coordinator
    )
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.CANCELLED
    with pytest.raises(InvalidTransition):
        services.withdraw_placement(placement=proposed, reason="x", actor=coordinator)


def test_one_live_placement_per_enrolment(proposed, offer, coordinator):
    with pytest.raises(ValidationError):
        services.propose_placement(
            enrolment=proposed.enrolment, offer=offer, actor=coordinator
        )
    services.withdraw_placement(
        placement=proposed, reason="Changed course", actor=coordinator
    )
    services.propose_placement(
        enrolment=proposed.enrolment, offer=offer, actor=coordinator
    )


def test_preferences_respect_the_course_rules(
    enrolment, offer, course, languages, student
):
    second = OfferFactory(courses=[course])
    closed_elsewhere = OfferFactory()  # not for this course
    services.save_preferences(
        enrolment=enrolment,
        offers=[second, offer],
        languages=[languages["nl"]],
        actor=student,
    )
    assert list(enrolment.preferences.values_list("offer_id", "rank")) == [
        (second.pk, 1),
        (offer.pk, 2),
    ]
    with pytest.raises(InvalidTransition):
        services.save_preferences(
            enrolment=enrolment, offers=[closed_elsewhere], languages=[], actor=student
        )
    course.max_preferences = 1
    course.save()
    with pytest.raises(InvalidTransition, match="at most 1"):
        services.save_preferences(
            enrolment=enrolment, offers=[second, offer], languages=[], actor=student
        )
    course.preference_deadline = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    course.save()
    with pytest.raises(InvalidTransition, match="deadline"):
        services.save_preferences(
            enrolment=enrolment, offers=[offer], languages=[], actor=student
        )
    assert enrolment.preferences.count() == 2  # unchanged


def test_a_course_is_copied_to_next_year_with_its_offers(
    course, offer, coordinator, lecturer
):
    ReflectionPromptFactory(course=course, question="Why this place?")
    copy = services.copy_course_to_next_year(course=course, actor=coordinator)
    year = AcademicYear.objects.get(label=course.academic_year.next_label())
    assert (copy.code, copy.academic_year, copy.status) == (
        course.code,
        year,
        Course.Status.DRAFT,
    )
    assert list(copy.lecturers.all()) == [lecturer]
    assert copy.reflection_prompts.get().question == "Why this place?"
    new_offer = copy.offers.get()
    assert new_offer.copied_from == offer
    assert new_offer.status == Offer.Status.DRAFT
    assert new_offer.start_date == offer.start_date.replace(
        year=offer.start_date.year + 1
    )
    assert list(new_offer.languages.all()) == list(offer.languages.all())
    with pytest.raises(InvalidTransition, match="already exists"):
        services.copy_course_to_next_year(course=course, actor=coordinator)


def test_publishing_needs_a_course_or_faculty(coordinator):
    offer = OfferFactory(status=Offer.Status.DRAFT)
    with pytest.raises(InvalidTransition):
        services.publish_offer(offer=offer, actor=coordinator)


def test_proposals_are_refused_for_offers_of_other_courses(enrolment, coordinator):
    with pytest.raises(InvalidTransition):
        services.propose_placement(
            enrolment=enrolment, offer=OfferFactory(), actor=coordinator
        )


def test_allocation_commit_creates_proposals_in_one_go(
    course, offer, languages, coordinator, django_capture_on_commit_callbacks
):
    second = OfferFactory(courses=[course], places=1, languages=[languages["nl"]])
    students = [
        EnrolmentFactory(course=course, student=StudentFactory()) for _ in range(4)
    ]
    for enrolment in students:
        services.save_preferences(
            enrolment=enrolment,
            offers=[offer, second],
            languages=[languages["nl"]],
            actor=enrolment.student,
        )
    english_only = EnrolmentFactory(course=course)
    services.save_preferences(
        enrolment=english_only,
        offers=[offer],
        languages=[languages["en"]],
        actor=english_only.student,
    )
    preview = services.preview_allocation(course)
    assert preview["summary"]["placed"] == 3
    assert Placement.objects.count() == 0  # a preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        run, data = services.commit_allocation(
            course=course, actor=coordinator, confirm_early=True
        )
    assert data["summary"] == preview["summary"]
    assert run.placed == 3 and run.unplaced == 2
    assert Placement.objects.filter(status=Placement.Status.PROPOSED).count() == 3
    reasons = {u["student"]: u["reason"] for u in data["unplaced"]}
    assert reasons[english_only.student_id] == "languages"
    assert len([m for m in mail.outbox if m.to[0].endswith("student.kuleuven.be")]) == 3
    # A second run proposes nobody twice: proposals count as taken places.
    _run, again = services.commit_allocation(course=course, actor=coordinator)
    assert again["summary"]["placed"] == 0
    assert {o["id"]: o["places"] for o in again["offers"]} == {
        offer.pk: 0,
        second.pk: 0,
    }
