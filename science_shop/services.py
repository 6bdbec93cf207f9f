"""Every write the Science Shop makes: atomic, audited, emails sent on commit.

Services take keyword arguments and an `actor` (None for a submitter acting through
a signed link or the public form); they never take a request.
"""

import hashlib
import hmac
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Role, User
from engage.core.audit import audit
from engage.core.emails import absolute_url, queue_email
from engage.core.exceptions import InvalidTransition
from partners.models import Contact, Organisation
from science_shop import matching, packets
from science_shop.links import follow_url
from science_shop.models import (
    Discipline,
    Feedback,
    Interest,
    Message,
    Milestone,
    ResearchQuestion,
    ScienceShop,
    StatusChange,
    StudentMatch,
    SubmissionAttempt,
    Supervisor,
)

FILE_FIELDS = ("attachment", "report")


class SubmissionBlocked(Exception):
    """Too many submissions from one address: nothing was stored or sent."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# -- Settings -------------------------------------------------------------------------


def submission_limit() -> tuple[int, int]:
    """(submissions, seconds) allowed per address; `SCIENCE_SHOP_SUBMISSION_LIMIT`."""
    return tuple(getattr(settings, "SCIENCE_SHOP_SUBMISSION_LIMIT", (5, 3600)))


def link_request_limit() -> tuple[int, int]:
    """(follow-link requests, seconds) allowed per address and per email address;
    `SCIENCE_SHOP_LINK_REQUEST_LIMIT`."""
    return tuple(getattr(settings, "SCIENCE_SHOP_LINK_REQUEST_LIMIT", (5, 3600)))


# -- Helpers --------------------------------------------------------------------------


def _locked(question: ResearchQuestion) -> ResearchQuestion:
    """The question re-read under a row lock: two coordinators cannot race."""
    return (
        ResearchQuestion.objects.select_for_update()
        .select_related("organisation", "contact")
        .get(pk=question.pk)
    )


def _save(question: ResearchQuestion, *, validate_files=()) -> None:
    exclude = [name for name in FILE_FIELDS if name not in validate_files]
    question.full_clean(exclude=exclude)
    question.save()


def _record(
    question: ResearchQuestion,
    *,
    previous: str,
    actor,
    action: str,
    note: str = "",
    data: dict | None = None,
) -> None:
    StatusChange.objects.create(
        question=question,
        from_status=previous,
        to_status=question.status,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(
        question,
        action,
        actor=actor,
        data={"from": previous, "to": question.status, **(data or {})},
    )


def _email_submitter(question: ResearchQuestion, template: str, **context) -> None:
    queue_email(
        to=question.contact.email,
        template=f"science_shop/emails/{template}",
        language=question.language,
        context={
            "question": question,
            "contact": question.contact,
            "follow_url": follow_url(question),
            "shop": ScienceShop.home(),
            **context,
        },
    )


def _office_recipients(question: ResearchQuestion) -> list[User]:
    if question.coordinator_id and question.coordinator.is_active:
        return [question.coordinator]
    return list(User.objects.with_role(Role.ENGAGE_COORDINATOR).filter(is_active=True))


def _email_people(people, template: str, *, link=None, **context) -> None:
    """One email per person, each in their own language; `link` is a site URL
    (name, args) given to each in their language as `link_url`."""
    shop = ScienceShop.home()
    for person in people:
        language = person.preferred_language
        if link is not None:
            with translation.override(language):
                context["link_url"] = absolute_url(reverse(link[0], args=link[1]))
        queue_email(
            to=person.email,
            template=f"science_shop/emails/{template}",
            language=language,
            context={"person": person, "shop": shop, **context},
        )


def admin_question_url(question) -> str:
    return absolute_url(reverse("science_shop_questions:inspect", args=[question.pk]))


def _assign_reference(question: ResearchQuestion) -> None:
    year = (question.created_at or timezone.now()).year
    question.reference = f"WW-{year}-{question.pk:04d}"
    ResearchQuestion.objects.filter(pk=question.pk).update(reference=question.reference)


# -- Public submission ----------------------------------------------------------------


@dataclass
class QuestionSubmission:
    """What the public form (or a referral packet) says about a new question."""

    organisation_name: str
    legal_form: str
    enterprise_number: str
    street: str
    postcode: str
    city: str
    website: str
    contact_first_name: str
    contact_last_name: str
    contact_function: str
    contact_email: str
    contact_phone: str
    language: str
    title: str
    question: str
    background: str
    intended_use: str
    desired_timing: str = ""
    preferred_disciplines: list = field(default_factory=list)
    is_nonprofit: bool = False
    nonprofit_explanation: str = ""
    has_no_research_budget: bool = False
    budget_explanation: str = ""
    has_no_commercial_aim: bool = False
    commercial_explanation: str = ""
    privacy_consent: bool = False
    publication_consent: bool = False
    country: str = "BE"

    def organisation_details(self) -> dict:
        return {
            "name": self.organisation_name,
            "legal_form": self.legal_form,
            "enterprise_number": matching.clean_enterprise_number(
                self.enterprise_number
            )
            or "",
            "street": self.street,
            "postcode": self.postcode,
            "city": self.city,
            "country": self.country or "BE",
            "website": self.website,
        }

    def contact_details(self) -> dict:
        return {
            "first_name": self.contact_first_name,
            "last_name": self.contact_last_name,
            "function": self.contact_function,
            "email": self.contact_email,
            "phone": self.contact_phone,
            "language": self.language,
        }


def _address_hash(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def check_rate_limit(address: str) -> None:
    """Raise SubmissionBlocked when `address` used up its submissions."""
    if _attempts_left(address, SubmissionAttempt.Purpose.SUBMISSION) <= 0:
        raise SubmissionBlocked(
            _(
                "We received several questions from your connection in a short "
                "time. Please try again later, or email the Science Shop."
            )
        )


def _attempts_left(key: str, purpose: str) -> int:
    allowed, seconds = (
        submission_limit()
        if purpose == SubmissionAttempt.Purpose.SUBMISSION
        else link_request_limit()
    )
    since = timezone.now() - timedelta(seconds=seconds)
    SubmissionAttempt.objects.filter(purpose=purpose, created_at__lt=since).delete()
    recent = SubmissionAttempt.objects.filter(
        address_hash=_address_hash(key), purpose=purpose, created_at__gte=since
    ).count()
    return allowed - recent


def count_kept_upload(address: str) -> None:
    """A kept attachment uses one of the address's submissions (SubmissionBlocked
    when none is left), so invalid posts cannot fill the disk."""
    check_rate_limit(address)
    SubmissionAttempt.objects.create(address_hash=_address_hash(address))


def _organisation_and_contact(submission: QuestionSubmission, *, actor):
    """A new prospect organisation and its contact for what was submitted, the
    existing partner it seems to be (proposed, never attached) and how it matched.

    Nothing the submitter typed is verified, so nothing is attached to an existing
    organisation (no question in its portal, no contact added) until a coordinator
    confirms the match (`confirm_organisation`)."""
    proposed, how = matching.find_organisation(
        name=submission.organisation_name,
        postcode=submission.postcode,
        enterprise_number=submission.enterprise_number,
    )
    details = submission.organisation_details()
    number = details["enterprise_number"] or None
    if number and Organisation.objects.filter(enterprise_number=number).exists():
        number = None  # kept in submitted_details; the partner owns the number
    organisation = Organisation(
        name=details["name"],
        legal_form=details["legal_form"],
        enterprise_number=number,
        street=details["street"],
        postcode=details["postcode"],
        city=details["city"],
        country=details["country"],
        website=details["website"],
        status=Organisation.Status.PROSPECT,
        needs_review=True,
    )
    organisation.full_clean()
    organisation.save()
    audit(
        organisation,
        "science_shop.prospect_created",
        actor=actor,
        data={"name": organisation.name},
    )
    contact = Contact(
        organisation=organisation,
        first_name=submission.contact_first_name,
        last_name=submission.contact_last_name,
        function=submission.contact_function,
        email=submission.contact_email,
        phone=submission.contact_phone,
        preferred_language=submission.language,
        is_primary=True,
    )
    contact.full_clean()
    contact.save()
    return (
        organisation,
        contact,
        how or ResearchQuestion.OrganisationMatch.CREATED,
        proposed,
    )


def _new_question(
    submission: QuestionSubmission,
    *,
    organisation,
    contact,
    how,
    proposed=None,
    attachment=None,
    token=None,
    **extra,
) -> ResearchQuestion:
    question = ResearchQuestion(
        organisation=organisation,
        contact=contact,
        organisation_match=how,
        proposed_organisation=proposed,
        language=submission.language,
        submitted_details={
            "organisation": submission.organisation_details(),
            "contact": submission.contact_details(),
        },
        title=submission.title,
        question=submission.question,
        background=submission.background,
        intended_use=submission.intended_use,
        desired_timing=submission.desired_timing,
        is_nonprofit=submission.is_nonprofit,
        nonprofit_explanation=submission.nonprofit_explanation,
        has_no_research_budget=submission.has_no_research_budget,
        budget_explanation=submission.budget_explanation,
        has_no_commercial_aim=submission.has_no_commercial_aim,
        commercial_explanation=submission.commercial_explanation,
        privacy_consent=submission.privacy_consent,
        publication_consent=submission.publication_consent,
        submission_token=token,
        **extra,
    )
    if attachment:
        question.attachment = attachment
    _save(question, validate_files=("attachment",) if attachment else ())
    _assign_reference(question)
    question.preferred_disciplines.set(submission.preferred_disciplines)
    return question


@transaction.atomic
def submit_question(
    *,
    submission: QuestionSubmission,
    attachment=None,
    submission_token: uuid.UUID | None = None,
    address: str = "",
    actor=None,
) -> tuple[ResearchQuestion, bool]:
    """Store a question from the public form; returns (question, created).

    A second submit with the same token returns the first question and sends
    nothing. Over the per-address limit it raises SubmissionBlocked before any
    write. The submitter gets an email with the follow link.
    """
    if submission_token is not None:
        existing = ResearchQuestion.objects.filter(
            submission_token=submission_token
        ).first()
        if existing is not None:
            return existing, False
    check_rate_limit(address)
    try:
        with transaction.atomic():
            organisation, contact, how, proposed = _organisation_and_contact(
                submission, actor=actor
            )
            question = _new_question(
                submission,
                organisation=organisation,
                contact=contact,
                how=how,
                proposed=proposed,
                attachment=attachment,
                token=submission_token,
            )
    except IntegrityError:
        # The same form posted twice at once: the other request stored it.
        existing = ResearchQuestion.objects.filter(
            submission_token=submission_token
        ).first()
        if submission_token is None or existing is None:
            raise
        return existing, False
    SubmissionAttempt.objects.create(address_hash=_address_hash(address))
    _record(
        question,
        previous="",
        actor=actor,
        action="science_shop.question.submitted",
        data={"organisation_match": how},
    )
    _email_submitter(question, "submitted")
    return question, True


# -- Referral in and out --------------------------------------------------------------


@transaction.atomic
def import_referral_packet(*, raw, actor) -> ResearchQuestion:
    """Create the question another shop referred to us from its JSON packet.

    All or nothing: a bad packet raises PacketInvalid listing every problem.
    """
    parsed = packets.parse_packet(raw)
    submission = QuestionSubmission(
        organisation_name=parsed.organisation["name"],
        legal_form=parsed.organisation["legal_form"],
        enterprise_number=parsed.organisation["enterprise_number"],
        street=parsed.organisation["street"],
        postcode=parsed.organisation["postcode"],
        city=parsed.organisation["city"],
        country=parsed.organisation["country"],
        website=parsed.organisation["website"],
        contact_first_name=parsed.contact["first_name"],
        contact_last_name=parsed.contact["last_name"],
        contact_function=parsed.contact["function"],
        contact_email=parsed.contact["email"],
        contact_phone=parsed.contact["phone"],
        language=parsed.contact["language"],
        preferred_disciplines=list(
            Discipline.objects.filter(code__in=parsed.discipline_codes)
        ),
        privacy_consent=parsed.consents["privacy"],
        publication_consent=parsed.consents["publication"],
        **parsed.question,
        **parsed.eligibility,
    )
    try:
        organisation, contact, how, proposed = _organisation_and_contact(
            submission, actor=actor
        )
        question = _new_question(
            submission,
            organisation=organisation,
            contact=contact,
            how=how,
            proposed=proposed,
            attachment=parsed.attachment,
            referred_from=parsed.from_shop,
            external_reference=parsed.reference,
            referral_note=parsed.note,
            intake_notes=parsed.intake_notes,
            intake_date=parsed.intake_date,
            coordinator=actor if getattr(actor, "is_authenticated", False) else None,
        )
    except ValidationError as exc:
        raise packets.PacketInvalid(
            [(name, "; ".join(messages)) for name, messages in exc.message_dict.items()]
        ) from exc
    _record(
        question,
        previous="",
        actor=actor,
        action="science_shop.question.referred_in",
        note=str(_("Passed on to us by %(shop)s.") % {"shop": parsed.from_shop}),
        data={"from": parsed.from_shop.code, "reference": parsed.reference},
    )
    _email_submitter(question, "referred_in", from_shop=parsed.from_shop)
    return question


@transaction.atomic
def refer_question(*, question, shop, note: str = "", actor) -> ResearchQuestion:
    """Refer the question to another shop of the network; the submitter is told."""
    question = _locked(question)
    previous = question.status
    question.refer(shop=shop, note=note)
    _save(question)
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.referred",
        note=str(_("Passed on to %(shop)s.") % {"shop": shop}),
        data={"to": shop.code},
    )
    _email_submitter(question, "referred", destination=shop)
    return question


# -- Intake ---------------------------------------------------------------------------


@transaction.atomic
def start_intake(*, question, actor) -> ResearchQuestion:
    """A coordinator takes the question into intake (and becomes its coordinator)."""
    question = _locked(question)
    previous = question.status
    question.start_intake(coordinator=actor)
    _save(question)
    _record(
        question, previous=previous, actor=actor, action="science_shop.question.intake"
    )
    return question


@transaction.atomic
def record_intake(*, question, notes: str, intake_date=None, actor) -> ResearchQuestion:
    """Keep the intake notes and the date of the intake conversation."""
    question = _locked(question)
    question.record_intake(notes=notes, intake_date=intake_date)
    _save(question)
    audit(question, "science_shop.question.intake_notes", actor=actor)
    return question


@transaction.atomic
def accept_question(
    *, question, notes: str | None = None, intake_date=None, actor
) -> ResearchQuestion:
    """Accept the question after intake; the submitter is told."""
    question = _locked(question)
    previous = question.status
    question.accept(notes=notes, intake_date=intake_date)
    _save(question)
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.accepted",
    )
    _email_submitter(question, "accepted")
    return question


@transaction.atomic
def decline_question(*, question, reason: str, actor) -> ResearchQuestion:
    """Decline the question; the reason is sent to the submitter."""
    question = _locked(question)
    previous = question.status
    question.decline(reason=reason)
    _save(question)
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.declined",
        note=question.decline_reason,
    )
    _email_submitter(question, "declined")
    return question


# -- Articulation and opening ---------------------------------------------------------


@transaction.atomic
def articulate_question(
    *,
    question,
    articulated_title: str = "",
    articulated_question: str,
    disciplines,
    faculty,
    form: str,
    academic_year,
    confidentiality: str = ResearchQuestion.Confidentiality.PUBLIC,
    sdgs=(),
    target_groups=(),
    languages=(),
    actor,
) -> ResearchQuestion:
    """Record the research question as reformulated with the submitter."""
    question = _locked(question)
    previous = question.status
    disciplines = list(disciplines)
    question.articulate(
        articulated_title=articulated_title,
        articulated_question=articulated_question,
        disciplines=disciplines,
        faculty=faculty,
        form=form,
        academic_year=academic_year,
        confidentiality=confidentiality,
    )
    _save(question)
    question.disciplines.set(disciplines)
    question.sdgs.set(list(sdgs))
    question.target_groups.set(list(target_groups))
    question.languages.set(list(languages))
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.articulated",
    )
    return question


@transaction.atomic
def open_for_students(*, question, actor) -> ResearchQuestion:
    """Publish the question in the students' listing; the submitter is told."""
    question = _locked(question)
    previous = question.status
    question.open_for_students()
    _save(question)
    _record(
        question, previous=previous, actor=actor, action="science_shop.question.opened"
    )
    _email_submitter(question, "opened")
    return question


# -- Supervisors ----------------------------------------------------------------------


@transaction.atomic
def declare_supervision(
    *, user, disciplines, faculty=None, is_available: bool = True, actor
) -> Supervisor:
    """A staff member declares the disciplines they will supervise in."""
    disciplines = list(disciplines)
    if not disciplines:
        raise ValidationError({"disciplines": _("Choose at least one discipline.")})
    profile, _created = Supervisor.objects.get_or_create(user=user)
    profile.faculty = faculty
    profile.is_available = is_available
    profile.full_clean()
    profile.save()
    profile.disciplines.set(disciplines)
    audit(
        profile,
        "science_shop.supervisor.declared",
        actor=actor,
        data={"disciplines": [d.code for d in disciplines]},
    )
    return profile


@transaction.atomic
def adopt_question(*, question, supervisor, actor) -> ResearchQuestion:
    """Supervisor-first: `supervisor` takes the question on before students."""
    question = _locked(question)
    profile = (
        Supervisor.objects.filter(user=supervisor)
        .prefetch_related("disciplines")
        .first()
    )
    question.adopt(
        supervisor_profile=profile,
        question_discipline_ids=list(question.disciplines.values_list("pk", flat=True)),
    )
    _save(question)
    audit(
        question,
        "science_shop.question.adopted",
        actor=actor,
        data={"supervisor": supervisor.pk},
    )
    _email_people(
        _office_recipients(question),
        "adopted",
        question=question,
        supervisor=supervisor,
        admin_url=admin_question_url(question),
    )
    return question


# -- Students -------------------------------------------------------------------------


@transaction.atomic
def express_interest(*, question, student, motivation: str, actor) -> Interest:
    """A student tells the coordinator they would like to work on the question."""
    question = _locked(question)
    question.check_interest_allowed()
    if not student.has_role(Role.STUDENT):
        raise InvalidTransition(_("Only students can express interest."))
    interest = Interest(question=question, student=student, motivation=motivation)
    interest.full_clean()
    interest.save()
    audit(question, "science_shop.interest.expressed", actor=actor)
    return interest


@transaction.atomic
def withdraw_interest(*, interest, actor) -> Interest:
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != Interest.Status.PENDING:
        raise InvalidTransition(_("Only a pending interest can be withdrawn."))
    interest.status = Interest.Status.WITHDRAWN
    interest.full_clean()
    interest.save()
    audit(interest.question, "science_shop.interest.withdrawn", actor=actor)
    return interest


@transaction.atomic
def propose_match(*, question, students, supervisor=None, actor) -> ResearchQuestion:
    """Match students and a supervisor to the question; each is asked to confirm."""
    question = _locked(question)
    previous = question.status
    students = list(students)
    question.propose_match(students=students, supervisor=supervisor)
    _save(question)
    for student in students:
        StudentMatch.objects.create(question=question, student=student)
    question.interests.filter(student__in=students).update(
        status=Interest.Status.MATCHED
    )
    question.interests.filter(status=Interest.Status.PENDING).update(
        status=Interest.Status.NOT_SELECTED
    )
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.matched",
        data={
            "students": [s.pk for s in students],
            "supervisor": question.supervisor_id,
        },
    )
    people = list(students)
    if not question.supervisor_confirmed_at:
        people.append(question.supervisor)
    _email_people(
        people,
        "match_proposed",
        link=("science_shop:project", [question.pk]),
        question=question,
    )
    return question


@transaction.atomic
def confirm_match(*, question, user, actor) -> ResearchQuestion:
    """A matched student or the supervisor confirms taking part."""
    question = _locked(question)
    student_match = question.student_matches.filter(student=user).first()
    question.confirm_participation(user=user, student_match=student_match)
    if student_match is not None:
        student_match.full_clean()
        student_match.save()
    else:
        _save(question)
    audit(question, "science_shop.question.match_confirmed", actor=actor)
    if (
        question.supervisor_confirmed_at
        and not question.student_matches.filter(confirmed_at__isnull=True).exists()
    ):
        _email_people(
            _office_recipients(question),
            "match_confirmed",
            question=question,
            admin_url=admin_question_url(question),
        )
    return question


@transaction.atomic
def reopen_for_students(*, question, reason: str = "", actor) -> ResearchQuestion:
    """Undo a proposed match (someone declined): the question is open again."""
    question = _locked(question)
    previous = question.status
    question.reopen_for_students()
    _save(question)
    matched_students = list(question.student_matches.values_list("student", flat=True))
    question.student_matches.all().delete()
    question.interests.filter(student__in=matched_students).update(
        status=Interest.Status.WITHDRAWN
    )
    question.interests.filter(status=Interest.Status.NOT_SELECTED).update(
        status=Interest.Status.PENDING
    )
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.reopened",
        data={"reason": reason},
    )
    return question


@transaction.atomic
def decline_match(*, question, user, reason: str = "", actor) -> ResearchQuestion:
    """A matched student or the supervisor declines: the question opens again."""
    locked = _locked(question)
    is_student = locked.student_matches.filter(student=user).exists()
    if not is_student and user.pk != locked.supervisor_id:
        raise InvalidTransition(_("You are not part of this match."))
    question = reopen_for_students(question=locked, reason=reason, actor=actor)
    _email_people(
        _office_recipients(question),
        "match_declined",
        question=question,
        person_declining=user,
        reason=reason,
        admin_url=admin_question_url(question),
    )
    return question


# -- Research, delivery, publication, closing -----------------------------------------


@transaction.atomic
def start_project(*, question, kickoff, interim, final, actor) -> ResearchQuestion:
    """Everyone confirmed: the research starts, with its three milestones."""
    question = _locked(question)
    previous = question.status
    question.start(
        kickoff=kickoff,
        interim=interim,
        final=final,
        all_students_confirmed=question.student_matches.exists()
        and not question.student_matches.filter(confirmed_at__isnull=True).exists(),
    )
    _save(question)
    for kind, day in (
        (Milestone.Kind.KICKOFF, kickoff),
        (Milestone.Kind.INTERIM, interim),
        (Milestone.Kind.FINAL, final),
    ):
        Milestone.objects.update_or_create(
            question=question, kind=kind, defaults={"due_date": day}
        )
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.started",
        data={"kickoff": kickoff, "interim": interim, "final": final},
    )
    _email_submitter(question, "started", kickoff=kickoff, final=final)
    return question


@transaction.atomic
def deliver_report(
    *, question, report, thesis_url: str = "", actor
) -> ResearchQuestion:
    """The report is in: the submitter is told where to read it."""
    question = _locked(question)
    previous = question.status
    kickoff = (
        question.milestones.filter(kind=Milestone.Kind.KICKOFF)
        .values_list("due_date", flat=True)
        .first()
    )
    question.deliver(report=report, kickoff=kickoff)
    if thesis_url:
        question.thesis_url = thesis_url
    _save(question, validate_files=("report",))
    question.milestones.filter(kind=Milestone.Kind.FINAL, done_on__isnull=True).update(
        done_on=timezone.localdate()
    )
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.delivered",
    )
    _email_submitter(question, "delivered")
    return question


@transaction.atomic
def publish_results(
    *, question, lay_summary_en: str, lay_summary_nl: str, thesis_url: str = "", actor
) -> ResearchQuestion:
    """Put the lay summary on the public results page; the submitter is told."""
    question = _locked(question)
    previous = question.status
    question.publish(
        lay_summary_en=lay_summary_en,
        lay_summary_nl=lay_summary_nl,
        thesis_url=thesis_url,
    )
    _save(question)
    _record(
        question,
        previous=previous,
        actor=actor,
        action="science_shop.question.published",
    )
    _email_submitter(question, "published")
    return question


@transaction.atomic
def close_question(*, question, actor) -> ResearchQuestion:
    """Close the file: the work is done (and published, where consented)."""
    question = _locked(question)
    previous = question.status
    question.close()
    _save(question)
    _record(
        question, previous=previous, actor=actor, action="science_shop.question.closed"
    )
    _rotate_follow_key(question, actor=actor, reason="closed")
    return question


@transaction.atomic
def give_feedback(
    *, question, satisfaction: int, use_of_results: str, comments: str = "", actor=None
) -> Feedback:
    """The submitter's feedback; it closes the question when nothing else is due."""
    question = _locked(question)
    question.check_feedback_allowed(
        has_feedback=Feedback.objects.filter(question=question).exists()
    )
    feedback = Feedback(
        question=question,
        satisfaction=satisfaction,
        use_of_results=use_of_results,
        comments=comments,
    )
    feedback.full_clean()
    feedback.save()
    audit(
        question,
        "science_shop.question.feedback",
        actor=actor,
        data={"satisfaction": satisfaction},
    )
    if question.can_close:
        previous = question.status
        question.close()
        _save(question)
        _record(
            question,
            previous=previous,
            actor=actor,
            action="science_shop.question.closed",
        )
        _rotate_follow_key(question, actor=actor, reason="closed")
    _email_people(
        _office_recipients(question),
        "feedback_received",
        question=question,
        feedback=feedback,
        admin_url=admin_question_url(question),
    )
    return feedback


# -- Messages -------------------------------------------------------------------------


@transaction.atomic
def post_message(
    *, question, body: str, from_submitter: bool, reply_to=None, actor=None
) -> Message:
    """Add to the conversation; the other side gets the message by email."""
    question = ResearchQuestion.objects.select_related("contact", "coordinator").get(
        pk=question.pk
    )
    if (
        question.status
        in (
            ResearchQuestion.Status.CLOSED,
            ResearchQuestion.Status.DECLINED,
            ResearchQuestion.Status.REFERRED,
        )
        and from_submitter
    ):
        raise InvalidTransition(
            _("This question is closed; email the Science Shop instead.")
        )
    if reply_to is not None and reply_to.question_id != question.pk:
        raise InvalidTransition(_("That message belongs to another question."))
    author = actor if getattr(actor, "is_authenticated", False) else None
    message = Message(
        question=question,
        from_submitter=from_submitter,
        author=author,
        author_name=question.contact.full_name
        if from_submitter
        else (author.get_full_name() if author else str(_("Science Shop"))),
        reply_to=reply_to,
        body=(body or "").strip(),
    )
    message.full_clean()
    message.save()
    audit(
        question,
        "science_shop.question.message",
        actor=actor,
        data={"from_submitter": from_submitter},
    )
    if from_submitter:
        _email_people(
            _office_recipients(question),
            "message_to_office",
            question=question,
            message=message,
            admin_url=admin_question_url(question),
        )
    else:
        _email_submitter(question, "message_to_submitter", message=message)
    return message


def _count_link_request(*keys: str) -> None:
    """One follow-link request for each key (an address, an email address);
    SubmissionBlocked, counting nothing, when any key used up its requests."""
    purpose = SubmissionAttempt.Purpose.FOLLOW_LINK
    if any(_attempts_left(key, purpose) <= 0 for key in keys):
        raise SubmissionBlocked(
            _(
                "You asked for several links in a short time. Please try again "
                "later, or email the Science Shop."
            )
        )
    SubmissionAttempt.objects.bulk_create(
        [
            SubmissionAttempt(address_hash=_address_hash(key), purpose=purpose)
            for key in keys
        ]
    )


@transaction.atomic
def send_follow_link(*, question, address: str = "", actor=None) -> None:
    """Email the submitter a fresh follow link (their old one expired), to the
    address on file only; rate-limited like `request_follow_links`."""
    _count_link_request(address, f"email:{question.contact.email.lower()}")
    audit(question, "science_shop.question.link_sent", actor=actor)
    _email_submitter(question, "follow_link")


@transaction.atomic
def request_follow_links(*, email: str, address: str = "", actor=None) -> int:
    """The submitter typed their email address: each of their questions' fresh
    links goes to it (queued). Returns how many; the caller tells the visitor the
    same whatever the count, so the form reveals nothing about who asked what.
    Rate-limited per address and per email address (SubmissionBlocked)."""
    email = (email or "").strip()
    _count_link_request(address, f"email:{email.lower()}")
    questions = list(
        ResearchQuestion.objects.select_related("contact")
        .filter(contact__email__iexact=email)
        .order_by("pk")
    )
    for question in questions:
        audit(question, "science_shop.question.link_sent", actor=actor)
        _email_submitter(question, "follow_link")
    return len(questions)


@transaction.atomic
def revoke_follow_links(
    *, question, actor, reason: str = "revoked"
) -> ResearchQuestion:
    """Every follow link sent so far stops working; the next email carries a new
    one (the submitter can also ask for one by email)."""
    question = _locked(question)
    _rotate_follow_key(question, actor=actor, reason=reason)
    return question


def _rotate_follow_key(question, *, actor, reason: str) -> None:
    question.rotate_follow_key()
    ResearchQuestion.objects.filter(pk=question.pk).update(
        follow_key=question.follow_key
    )
    audit(
        question,
        "science_shop.question.links_revoked",
        actor=actor,
        data={"reason": reason},
    )


# -- Confirming who asks --------------------------------------------------------------


@transaction.atomic
def confirm_organisation(*, question, organisation=None, actor) -> ResearchQuestion:
    """A coordinator says who asks: `organisation` (the proposed partner or another
    one), or None to keep the new prospect. Moving to an existing partner adds the
    submitter as its contact (or reuses the known one), shows the question in its
    portal, revokes the old follow links (the contact changed) and removes the
    temporary prospect when nothing else refers to it."""
    question = _locked(question)
    prospect, previous_contact = question.organisation, question.contact
    question.proposed_organisation = None
    question.organisation_confirmed_at = timezone.now()
    question.organisation_match = ResearchQuestion.OrganisationMatch.CONFIRMED
    if organisation is None or organisation.pk == prospect.pk:
        _save(question)
        audit(
            question,
            "science_shop.question.organisation_confirmed",
            actor=actor,
            data={"organisation": prospect.pk, "new_prospect": True},
        )
        return question
    contact = matching.find_contact(organisation, previous_contact.email)
    if contact is None:
        contact = Contact(
            organisation=organisation,
            first_name=previous_contact.first_name,
            last_name=previous_contact.last_name,
            function=previous_contact.function,
            email=previous_contact.email,
            phone=previous_contact.phone,
            preferred_language=previous_contact.preferred_language,
            is_primary=not organisation.contacts.filter(
                is_primary=True, is_active=True
            ).exists(),
        )
        contact.full_clean()
        contact.save()
    question.organisation = organisation
    question.contact = contact
    _save(question)
    _rotate_follow_key(question, actor=actor, reason="contact_changed")
    audit(
        question,
        "science_shop.question.organisation_confirmed",
        actor=actor,
        data={"organisation": organisation.pk, "from_prospect": prospect.pk},
    )
    if prospect.needs_review and prospect.status == Organisation.Status.PROSPECT:
        try:
            with transaction.atomic():
                prospect.contacts.all().delete()
                prospect.delete()
        except (ProtectedError, IntegrityError):
            pass  # used elsewhere since: the office merges it by hand
    return question


# -- Corrections by the office --------------------------------------------------------

EDITABLE_FIELDS = (
    "title",
    "question",
    "background",
    "intended_use",
    "desired_timing",
    "preferred_disciplines",
    "coordinator",
    "intake_notes",
    "intake_date",
    "articulated_title",
    "articulated_question",
    "disciplines",
    "faculty",
    "form",
    "academic_year",
    "confidentiality",
    "sdgs",
    "target_groups",
    "languages",
    "lay_summary_en",
    "lay_summary_nl",
    "thesis_url",
)


@transaction.atomic
def update_question(*, question, changes: dict, actor) -> ResearchQuestion:
    """Correct a question's details (never its state: transitions do that)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    locked = _locked(question)
    many = {}
    for name, value in changes.items():
        if locked._meta.get_field(name).many_to_many:
            many[name] = list(value)
        else:
            setattr(locked, name, value)
    _save(locked)
    for name, values in many.items():
        getattr(locked, name).set(values)
    audit(
        locked,
        "science_shop.question.edited",
        actor=actor,
        data={"fields": sorted(changes)},
    )
    return locked
