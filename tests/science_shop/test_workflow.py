"""Every transition of the research-question workflow: allowed and refused.

Each transition runs through its service (guard + save + history + audit). A refused
transition raises InvalidTransition and changes nothing.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engage.accounts.factories import StudentFactory
from engage.core.exceptions import InvalidTransition
from engage.university.models import AcademicYear, Faculty
from science_shop import services
from science_shop.factories import (
    SupervisorFactory,
    discipline,
    minimal_pdf,
    question_in_state,
)
from science_shop.models import (
    Feedback,
    Interest,
    ResearchQuestion,
    ScienceShop,
    StatusChange,
    StudentMatch,
)

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status
ALL = set(S.values)


def _start(question, actor):
    if question.status == S.MATCHED:
        StudentMatch.objects.filter(question=question).update(
            confirmed_at=timezone.now()
        )
        ResearchQuestion.objects.filter(pk=question.pk).update(
            supervisor_confirmed_at=timezone.now()
        )
    today = timezone.localdate()
    return services.start_project(
        question=question,
        kickoff=today,
        interim=today + datetime.timedelta(days=60),
        final=today + datetime.timedelta(days=200),
        actor=actor,
    )


def _articulate(question, actor):
    return services.articulate_question(
        question=question,
        articulated_title="Drempels voor 65-plussers",
        articulated_question="Welke drempels ervaren 65-plussers?",
        disciplines=[discipline("sociology")],
        faculty=Faculty.objects.get(code="SOC"),
        form=ResearchQuestion.Form.MASTER_THESIS,
        academic_year=AcademicYear.objects.current(),
        actor=actor,
    )


def _propose(question, actor):
    supervisor = None if question.supervisor_id else SupervisorFactory().user
    return services.propose_match(
        question=question,
        students=[StudentFactory()],
        supervisor=supervisor,
        actor=actor,
    )


# name: (call, states where it is allowed, the state it leads to)
TRANSITIONS = {
    "start_intake": (
        lambda q, a: services.start_intake(question=q, actor=a),
        {S.SUBMITTED},
        S.INTAKE,
    ),
    "accept": (
        lambda q, a: services.accept_question(question=q, notes="Helder.", actor=a),
        {S.INTAKE},
        S.ACCEPTED,
    ),
    "decline": (
        lambda q, a: services.decline_question(
            question=q, reason="Commercieel advies.", actor=a
        ),
        {S.SUBMITTED, S.INTAKE},
        S.DECLINED,
    ),
    "refer": (
        lambda q, a: services.refer_question(
            question=q, shop=ScienceShop.objects.get(code="ugent"), actor=a
        ),
        {S.SUBMITTED, S.INTAKE},
        S.REFERRED,
    ),
    "articulate": (_articulate, {S.ACCEPTED}, S.ARTICULATED),
    "open": (
        lambda q, a: services.open_for_students(question=q, actor=a),
        {S.ARTICULATED},
        S.OPEN,
    ),
    "propose_match": (_propose, {S.OPEN}, S.MATCHED),
    "reopen": (
        lambda q, a: services.reopen_for_students(question=q, actor=a),
        {S.MATCHED},
        S.OPEN,
    ),
    "start": (_start, {S.MATCHED}, S.IN_PROGRESS),
    "deliver": (
        lambda q, a: services.deliver_report(
            question=q, report=ContentFile(minimal_pdf(), name="report.pdf"), actor=a
        ),
        {S.IN_PROGRESS},
        S.DELIVERED,
    ),
    "publish": (
        lambda q, a: services.publish_results(
            question=q,
            lay_summary_en="Older people hear too little.",
            lay_summary_nl="Ouderen horen te weinig.",
            actor=a,
        ),
        {S.DELIVERED},
        S.PUBLISHED,
    ),
    # Delivered questions whose submitter consented must be published first.
    "close": (
        lambda q, a: services.close_question(question=q, actor=a),
        {S.PUBLISHED},
        S.CLOSED,
    ),
}

# Guarded actions that do not change the state.
ACTIONS = {
    "adopt": (
        lambda q, a: services.adopt_question(
            question=q,
            supervisor=SupervisorFactory(disciplines=[discipline()]).user,
            actor=a,
        ),
        {S.ARTICULATED, S.OPEN},
    ),
    "express_interest": (
        lambda q, a: services.express_interest(
            question=q, student=StudentFactory(), motivation="Graag!", actor=a
        ),
        {S.OPEN},
    ),
    "give_feedback": (
        lambda q, a: services.give_feedback(
            question=q, satisfaction=4, use_of_results="We gebruiken het."
        ),
        {S.DELIVERED, S.PUBLISHED},
    ),
    "confirm_match": (
        lambda q, a: services.confirm_match(
            question=q,
            user=q.supervisor or StudentFactory(),
            actor=q.supervisor,
        ),
        {S.MATCHED},
    ),
}


@pytest.mark.parametrize("state", S.values)
def test_transitions_refused_in_this_state_change_nothing(state, coordinator):
    question = question_in_state(state)
    history = StatusChange.objects.filter(question=question).count()
    refused = [
        name for name, (_, allowed, _to) in TRANSITIONS.items() if state not in allowed
    ] + [name for name, (_, allowed) in ACTIONS.items() if state not in allowed]
    assert refused, state
    for name in refused:
        call = TRANSITIONS.get(name, ACTIONS.get(name))[0]
        with pytest.raises(InvalidTransition) as excinfo:
            call(question, coordinator)
        assert str(excinfo.value), name  # a human message, shown as is
        question.refresh_from_db()
        assert question.status == state, name
    assert StatusChange.objects.filter(question=question).count() == history


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, (_, allowed, _to) in TRANSITIONS.items()
        for state in sorted(allowed)
    ],
)
def test_transition_allowed(
    name, state, coordinator, django_capture_on_commit_callbacks
):
    call, _allowed, target = TRANSITIONS[name]
    question = question_in_state(state)
    with django_capture_on_commit_callbacks(execute=True):
        result = call(question, coordinator)
    result.refresh_from_db()
    assert result.status == target
    last = StatusChange.objects.filter(question=result).last()
    assert (last.from_status, last.to_status) == (state, target)
    assert last.actor == coordinator
    assert ModelLogEntry.objects.filter(
        object_id=str(result.pk), action__startswith="science_shop.question."
    ).exists()


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, (_, allowed) in ACTIONS.items()
        for state in sorted(allowed)
    ],
)
def test_guarded_action_allowed(name, state, coordinator):
    call = ACTIONS[name][0]
    question = question_in_state(state)
    call(question, coordinator)
    question.refresh_from_db()
    if name == "adopt":
        assert question.supervisor_adopted and question.supervisor_confirmed_at
    elif name == "express_interest":
        assert question.interests.count() == 1
    elif name == "give_feedback":
        assert Feedback.objects.filter(question=question).exists()
        # Feedback on a published question closes it; a delivered one awaits
        # its publication.
        assert question.status == (S.CLOSED if state == S.PUBLISHED else S.DELIVERED)
    elif name == "confirm_match":
        assert question.supervisor_confirmed_at is not None


# -- Refusals for reasons other than the state ----------------------------------------


def test_accept_needs_intake_notes(coordinator):
    question = question_in_state(S.INTAKE, intake_notes="")
    with pytest.raises(InvalidTransition, match="intake notes"):
        services.accept_question(question=question, notes="  ", actor=coordinator)


def test_decline_needs_a_reason_that_the_submitter_receives(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    question = question_in_state(S.SUBMITTED)
    with pytest.raises(InvalidTransition):
        services.decline_question(question=question, reason=" ", actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_question(
            question=question, reason="Dit is commercieel advies.", actor=coordinator
        )
    (email,) = mailoutbox
    assert email.to == [question.contact.email]
    assert "Dit is commercieel advies." in email.body
    assert re.search(r"/(science-shop|wetenschapswinkel)/follow/", email.body)


def test_refer_refuses_this_shop_and_the_shop_it_came_from(coordinator):
    home = ScienceShop.home()
    vub = ScienceShop.objects.get(code="vub")
    question = question_in_state(S.INTAKE, referred_from=vub)
    with pytest.raises(InvalidTransition, match="itself"):
        services.refer_question(question=question, shop=home, actor=coordinator)
    with pytest.raises(InvalidTransition, match="back"):
        services.refer_question(question=question, shop=vub, actor=coordinator)


def test_articulate_lists_what_is_missing(coordinator):
    question = question_in_state(S.ACCEPTED)
    with pytest.raises(InvalidTransition) as excinfo:
        services.articulate_question(
            question=question,
            articulated_question="",
            disciplines=[],
            faculty=None,
            form="",
            academic_year=None,
            actor=coordinator,
        )
    message = str(excinfo.value)
    for part in ("research question", "discipline", "faculty", "form", "academic year"):
        assert part in message


def test_articulation_is_enforced_by_the_database_too(coordinator):
    question = question_in_state(S.OPEN)
    question.faculty = None
    with pytest.raises(Exception):  # noqa: B017 - the CheckConstraint, on save
        question.save()


def test_propose_match_refuses_non_students_and_a_missing_supervisor(
    coordinator, lecturer
):
    question = question_in_state(S.OPEN)
    with pytest.raises(InvalidTransition, match="not a student"):
        services.propose_match(
            question=question, students=[lecturer], supervisor=None, actor=coordinator
        )
    with pytest.raises(InvalidTransition, match="supervisor"):
        services.propose_match(
            question=question,
            students=[StudentFactory()],
            supervisor=None,
            actor=coordinator,
        )
    with pytest.raises(InvalidTransition, match="at least one student"):
        services.propose_match(
            question=question, students=[], supervisor=lecturer, actor=coordinator
        )


def test_adopted_question_keeps_its_supervisor(coordinator):
    question = question_in_state(S.OPEN)
    adopter = SupervisorFactory(disciplines=[discipline()]).user
    services.adopt_question(question=question, supervisor=adopter, actor=adopter)
    other = SupervisorFactory(disciplines=[discipline()]).user
    with pytest.raises(InvalidTransition, match="already adopted"):
        services.propose_match(
            question=question,
            students=[StudentFactory()],
            supervisor=other,
            actor=coordinator,
        )
    # Supervisor-first: only the students still have to confirm.
    student = StudentFactory()
    question = services.propose_match(
        question=question, students=[student], supervisor=None, actor=coordinator
    )
    assert question.supervisor == adopter and question.supervisor_confirmed_at
    services.confirm_match(question=question, user=student, actor=student)
    _start(question, coordinator)  # nothing left to confirm
    question.refresh_from_db()
    assert question.status == S.IN_PROGRESS


def test_reopening_an_adopted_question_keeps_the_supervisor(coordinator):
    question = question_in_state(S.OPEN)
    adopter = SupervisorFactory(disciplines=[discipline()]).user
    services.adopt_question(question=question, supervisor=adopter, actor=adopter)
    question = services.propose_match(
        question=question, students=[StudentFactory()], actor=coordinator
    )
    question = services.reopen_for_students(question=question, actor=coordinator)
    assert question.status == S.OPEN and question.supervisor == adopter
    assert not question.student_matches.exists()


def test_adopt_needs_a_shared_discipline_and_availability(lecturer):
    question = question_in_state(S.OPEN, disciplines=[discipline("law")])
    with pytest.raises(InvalidTransition, match="Declare"):
        services.adopt_question(question=question, supervisor=lecturer, actor=lecturer)
    SupervisorFactory(user=lecturer, disciplines=[discipline("history")])
    with pytest.raises(InvalidTransition, match="disciplines"):
        services.adopt_question(question=question, supervisor=lecturer, actor=lecturer)
    lecturer.science_shop_supervisor.disciplines.add(discipline("law"))
    lecturer.science_shop_supervisor.is_available = False
    lecturer.science_shop_supervisor.save()
    with pytest.raises(InvalidTransition):
        services.adopt_question(question=question, supervisor=lecturer, actor=lecturer)


def test_start_needs_every_confirmation_and_ordered_dates(coordinator):
    question = question_in_state(S.MATCHED)
    today = timezone.localdate()
    with pytest.raises(InvalidTransition, match="confirm"):
        services.start_project(
            question=question,
            kickoff=today,
            interim=today + datetime.timedelta(days=1),
            final=today + datetime.timedelta(days=2),
            actor=coordinator,
        )
    for match in question.student_matches.all():
        services.confirm_match(
            question=question, user=match.student, actor=match.student
        )
    services.confirm_match(
        question=question, user=question.supervisor, actor=question.supervisor
    )
    with pytest.raises(InvalidTransition, match="before"):
        services.start_project(
            question=question,
            kickoff=today,
            interim=today,
            final=today + datetime.timedelta(days=2),
            actor=coordinator,
        )


def test_confirm_match_only_by_participants_and_once(coordinator, student):
    question = question_in_state(S.MATCHED)
    with pytest.raises(InvalidTransition, match="not part"):
        services.confirm_match(question=question, user=student, actor=student)
    supervisor = question.supervisor
    services.confirm_match(question=question, user=supervisor, actor=supervisor)
    with pytest.raises(InvalidTransition, match="already"):
        services.confirm_match(question=question, user=supervisor, actor=supervisor)


def test_decline_match_reopens_the_question(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    question = question_in_state(S.MATCHED)
    student = question.student_matches.get().student
    with django_capture_on_commit_callbacks(execute=True):
        question = services.decline_match(
            question=question,
            user=student,
            reason="Ik kies een ander onderwerp.",
            actor=student,
        )
    assert question.status == S.OPEN
    assert question.supervisor is None  # it was proposed, not adopted
    assert Interest.objects.get(student=student).status == Interest.Status.WITHDRAWN
    assert any("Ik kies een ander onderwerp." in m.body for m in mailoutbox)


def test_deliver_needs_the_report(coordinator):
    question = question_in_state(S.IN_PROGRESS)
    with pytest.raises(InvalidTransition, match="report"):
        services.deliver_report(question=question, report=None, actor=coordinator)


def test_publish_needs_consent_openness_and_both_summaries(coordinator):
    no_consent = question_in_state(S.DELIVERED, publication_consent=False)
    with pytest.raises(InvalidTransition, match="consent"):
        services.publish_results(
            question=no_consent,
            lay_summary_en="x",
            lay_summary_nl="y",
            actor=coordinator,
        )
    confidential = question_in_state(
        S.DELIVERED, confidentiality=ResearchQuestion.Confidentiality.CONFIDENTIAL
    )
    with pytest.raises(InvalidTransition, match="confidential"):
        services.publish_results(
            question=confidential,
            lay_summary_en="x",
            lay_summary_nl="y",
            actor=coordinator,
        )
    question = question_in_state(S.DELIVERED)
    with pytest.raises(InvalidTransition, match="both"):
        services.publish_results(
            question=question, lay_summary_en="x", lay_summary_nl="", actor=coordinator
        )


def test_unpublishable_delivered_question_closes_directly(coordinator):
    question = question_in_state(S.DELIVERED, publication_consent=False)
    question = services.close_question(question=question, actor=coordinator)
    assert question.status == S.CLOSED and question.closed_at


def test_feedback_on_an_unpublishable_question_closes_it():
    question = question_in_state(S.DELIVERED, publication_consent=False)
    services.give_feedback(question=question, satisfaction=5, use_of_results="Veel.")
    question.refresh_from_db()
    assert question.status == S.CLOSED


def test_feedback_only_once():
    question = question_in_state(S.DELIVERED)
    services.give_feedback(question=question, satisfaction=3, use_of_results="Iets.")
    with pytest.raises(InvalidTransition, match="already"):
        services.give_feedback(question=question, satisfaction=3, use_of_results="x")


def test_interest_only_once_per_student(student):
    question = question_in_state(S.OPEN)
    services.express_interest(
        question=question, student=student, motivation="Graag.", actor=student
    )
    with pytest.raises(Exception, match="already expressed"):
        services.express_interest(
            question=question, student=student, motivation="Nog eens.", actor=student
        )


def test_only_students_express_interest(lecturer):
    question = question_in_state(S.OPEN)
    with pytest.raises(InvalidTransition, match="students"):
        services.express_interest(
            question=question, student=lecturer, motivation="x", actor=lecturer
        )


def test_propose_match_marks_interests(coordinator):
    question = question_in_state(S.OPEN)
    chosen, other = StudentFactory(), StudentFactory()
    for student in (chosen, other):
        services.express_interest(
            question=question, student=student, motivation="Graag.", actor=student
        )
    services.propose_match(
        question=question,
        students=[chosen],
        supervisor=SupervisorFactory().user,
        actor=coordinator,
    )
    statuses = dict(question.interests.values_list("student", "status"))
    assert statuses == {
        chosen.pk: Interest.Status.MATCHED,
        other.pk: Interest.Status.NOT_SELECTED,
    }


def test_submitter_is_emailed_at_the_steps_that_concern_them(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    question = question_in_state(S.SUBMITTED, language="nl")
    steps = [
        lambda q: services.start_intake(question=q, actor=coordinator),
        lambda q: services.accept_question(question=q, notes="Ok", actor=coordinator),
        lambda q: _articulate(q, coordinator),
        lambda q: services.open_for_students(question=q, actor=coordinator),
        lambda q: _propose(q, coordinator),
        lambda q: _start(q, coordinator),
        lambda q: services.deliver_report(
            question=q, report=ContentFile(minimal_pdf(), "r.pdf"), actor=coordinator
        ),
        lambda q: services.publish_results(
            question=q, lay_summary_en="a", lay_summary_nl="b", actor=coordinator
        ),
    ]
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            question = step(question)
    to_submitter = [m for m in mailoutbox if m.to == [question.contact.email]]
    subjects = [m.subject for m in to_submitter]
    # accepted, opened, started, delivered, published: in Dutch, each with the link.
    assert len(subjects) == 5, subjects
    assert subjects[0].startswith("Je vraag is aanvaard")
    assert all(
        re.search(r"/(science-shop|wetenschapswinkel)/follow/", m.body)
        for m in to_submitter
    )
