"""Every meaningful write in service-learning: atomic, audited, emails on commit.

Services take keyword-only arguments and an `actor` (the user acting, or None for
a mentor using a signed link); they never see a request. Views, admin actions,
management commands and the demo all call these.
"""

import datetime
import re
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from engage.accounts.importing import import_refusal
from engage.accounts.models import Role, User
from engage.core.audit import audit
from engage.core.emails import absolute_url, queue_email
from engage.core.exceptions import InvalidTransition
from engage.core.tabular import ImportFailed, RowError
from engage.university.models import AcademicYear, Programme
from placements.agreement import agreement_filename, render_agreement
from placements.allocation import AllocationConflict, as_json, solve
from placements.links import mentor_url
from placements.models import (
    AllocationRule,
    AllocationRun,
    Course,
    Enrolment,
    HourEntry,
    MentorEvaluation,
    Offer,
    Placement,
    Preference,
    Prerequisite,
    PrerequisiteCheck,
    Reflection,
    ReflectionPrompt,
    StudentEvaluation,
)
from placements.selectors import allocation_problem

# Emails ---------------------------------------------------------------------------


def _my_placement_url(placement) -> str:
    return absolute_url(reverse("placements:placement", kwargs={"pk": placement.pk}))


def _mentor_address(offer) -> tuple[str, str]:
    """Where partner emails go (the mentor, else the organisation) and in which
    language."""
    if offer.mentor and offer.mentor.email:
        return offer.mentor.email, offer.mentor.email_language
    return offer.organisation.email, "nl"


def _email_student(placement, template, **context):
    student = placement.student
    queue_email(
        to=student.email,
        template=f"placements/emails/{template}",
        language=student.preferred_language,
        context={
            "placement": placement,
            "student": student,
            "course": placement.course,
            "offer": placement.offer,
            "organisation": placement.offer.organisation,
            "url": _my_placement_url(placement),
            **context,
        },
    )


def _email_mentor(placement, template, **context):
    address, language = _mentor_address(placement.offer)
    queue_email(
        to=address,
        template=f"placements/emails/{template}",
        language=language,
        context={
            "placement": placement,
            "student": placement.student,
            "course": placement.course,
            "offer": placement.offer,
            "organisation": placement.offer.organisation,
            "mentor": placement.offer.mentor,
            "url": mentor_url(placement),
            **context,
        },
    )


def _email_coordinator(placement, template, **context):
    """The course's coordinator, else the Engage office."""
    coordinator = placement.course.coordinator
    if coordinator and coordinator.email:
        address, language = coordinator.email, coordinator.preferred_language
    else:
        address, language = parseaddr(settings.DEFAULT_FROM_EMAIL)[1], "en"
    queue_email(
        to=address,
        template=f"placements/emails/{template}",
        language=language or "en",
        context={
            "placement": placement,
            "student": placement.student,
            "course": placement.course,
            "offer": placement.offer,
            "organisation": placement.offer.organisation,
            "url": absolute_url(reverse("sl_placements:inspect", args=[placement.pk])),
            **context,
        },
    )


def _save(instance, **kwargs):
    instance.full_clean(**kwargs)
    instance.save()
    return instance


def _locked_placement(placement) -> tuple[Placement, Offer]:
    """Lock the offer first, then the placement (always in this order: no deadlock)."""
    offer_id = Placement.objects.values_list("offer_id", flat=True).get(pk=placement.pk)
    offer = Offer.objects.select_for_update().get(pk=offer_id)
    locked = (
        Placement.objects.select_for_update()
        .select_related("student", "course__faculty", "enrolment")
        .get(pk=placement.pk)
    )
    offer = Offer.objects.select_related("organisation", "mentor").get(pk=offer.pk)
    locked.offer = offer
    return locked, offer


# Courses and offers ---------------------------------------------------------------


def _next_year_date(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def copy_course_to_next_year(*, course: Course, actor) -> Course:
    """Copy a course (prompts, lecturers, programmes) and its own offers (as drafts)
    to the next academic year."""
    label = course.academic_year.next_label()
    year = AcademicYear.objects.filter(label=label).first()
    if year is None:
        raise InvalidTransition(
            _("The academic year %(label)s does not exist yet.") % {"label": label}
        )
    if Course.objects.filter(code=course.code, academic_year=year).exists():
        raise InvalidTransition(
            _("%(code)s already exists in %(label)s.")
            % {"code": course.code, "label": label}
        )
    copy = Course(
        code=course.code,
        academic_year=year,
        title_en=course.title_en,
        title_nl=course.title_nl,
        faculty=course.faculty,
        campus=course.campus,
        ects=course.ects,
        coordinator=course.coordinator,
        learning_outcomes_en=course.learning_outcomes_en,
        learning_outcomes_nl=course.learning_outcomes_nl,
        description_en=course.description_en,
        description_nl=course.description_nl,
        expected_hours=course.expected_hours,
        planned_students=course.planned_students,
        max_preferences=course.max_preferences,
        status=Course.Status.DRAFT,
        copied_from=course,
    )
    _save(copy)
    copy.programmes.set(course.programmes.all())
    copy.lecturers.set(course.lecturers.all())
    ReflectionPrompt.objects.bulk_create(
        ReflectionPrompt(course=copy, question=p.question, sort_order=p.sort_order)
        for p in course.reflection_prompts.all()
    )
    copied_offers = 0
    for offer in course.offers.prefetch_related(
        "languages", "prerequisites", "target_groups"
    ):
        existing = Offer.objects.filter(copied_from=offer, academic_year=year).first()
        if existing:
            existing.courses.add(copy)
            continue
        new = Offer(
            organisation_id=offer.organisation_id,
            academic_year=year,
            faculty_id=offer.faculty_id,
            title_en=offer.title_en,
            title_nl=offer.title_nl,
            tasks_en=offer.tasks_en,
            tasks_nl=offer.tasks_nl,
            mentor_id=offer.mentor_id,
            address=offer.address,
            campus_id=offer.campus_id,
            places=offer.places,
            start_date=_next_year_date(offer.start_date),
            end_date=_next_year_date(offer.end_date),
            hours_per_week=offer.hours_per_week,
            status=Offer.Status.DRAFT,
            copied_from=offer,
        )
        _save(new)
        new.courses.set([copy])
        new.languages.set(offer.languages.all())
        new.prerequisites.set(offer.prerequisites.all())
        new.target_groups.set(offer.target_groups.all())
        copied_offers += 1
    audit(
        copy,
        "placements.course.copied",
        actor=actor,
        data={"from": course.pk, "offers": copied_offers},
    )
    return copy


@transaction.atomic
def publish_offer(*, offer: Offer, actor) -> Offer:
    """Students of the offer's courses may rank it from now on."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if not offer.faculty_id and not offer.courses.exists():
        raise InvalidTransition(
            _("Link the offer to at least one course or a faculty first.")
        )
    offer.publish()
    _save(offer)
    audit(offer, "placements.offer.published", actor=actor)
    return offer


@transaction.atomic
def close_offer(*, offer: Offer, actor) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    offer.close()
    _save(offer)
    audit(offer, "placements.offer.closed", actor=actor)
    return offer


@transaction.atomic
def set_reflection_prompts(*, course: Course, questions: list[str], actor) -> None:
    """Replace the course's prompts; answers to a kept question stay with it."""
    questions = [q.strip() for q in questions if q and q.strip()]
    existing = {p.question: p for p in course.reflection_prompts.all()}
    keep = []
    for order, question in enumerate(questions, start=1):
        prompt = existing.pop(question, None) or ReflectionPrompt(
            course=course, question=question
        )
        prompt.sort_order = order
        _save(prompt)
        keep.append(prompt.pk)
    removed = [p for p in existing.values() if not p.reflections.exists()]
    for prompt in removed:
        prompt.delete()
    audit(
        course,
        "placements.course.prompts_set",
        actor=actor,
        data={"prompts": len(keep)},
    )


# Enrolments and preferences -------------------------------------------------------


@transaction.atomic
def enrol_student(
    *, course: Course, student: User, actor, programme=None, source="manual"
) -> Enrolment:
    """Enrol a student in a course (idempotent)."""
    enrolment = Enrolment.objects.filter(course=course, student=student).first()
    if enrolment:
        return enrolment
    enrolment = _save(
        Enrolment(course=course, student=student, programme=programme, source=source)
    )
    audit(enrolment, "placements.enrolment.created", actor=actor)
    return enrolment


@transaction.atomic
def save_preferences(
    *,
    enrolment: Enrolment,
    offers: list[Offer],
    languages,
    note: str = "",
    actor,
    now=None,
) -> Enrolment:
    """Replace the student's ranking (first offer = first choice)."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course")
        .get(pk=enrolment.pk)
    )
    # The course row lock serialises a ranking with a commit closing it.
    course = Course.objects.select_for_update().get(pk=enrolment.course_id)
    if not course.preferences_open(now):
        if course.preferences_closed_by_allocation:
            raise InvalidTransition(
                _("Ranking is closed: the places have been allocated.")
            )
        raise InvalidTransition(_("The deadline for preferences has passed."))
    if Placement.objects.live().filter(enrolment=enrolment).exists():
        raise InvalidTransition(_("You already have a placement in this course."))
    ids = [o.pk for o in offers]
    if len(ids) != len(set(ids)):
        raise InvalidTransition(_("Rank each offer only once."))
    if len(ids) > course.max_preferences:
        raise InvalidTransition(
            _("Rank at most %(n)s offers.") % {"n": course.max_preferences}
        )
    allowed = set(
        Offer.objects.for_course(course).published().values_list("pk", flat=True)
    )
    if not set(ids) <= allowed:
        raise InvalidTransition(_("One of these offers is not open to your course."))
    enrolment.preferences.all().delete()
    Preference.objects.bulk_create(
        Preference(enrolment=enrolment, offer_id=pk, rank=rank)
        for rank, pk in enumerate(ids, start=1)
    )
    enrolment.languages.set(languages)
    enrolment.note = note.strip()
    enrolment.preferences_submitted_at = now or timezone.now()
    _save(enrolment)
    audit(
        enrolment,
        "placements.enrolment.preferences_saved",
        actor=actor,
        data={"offers": ids},
    )
    return enrolment


STUDENT_NUMBER_RE = re.compile(r"^[a-zA-Z]?\d{5,10}$")
IMPORT_COLUMNS = ("student_number", "first_name", "last_name", "email", "programme")


@dataclass
class ImportResult:
    created_students: int = 0
    enrolled: int = 0
    already_enrolled: int = 0
    rows: int = 0
    messages: list[str] = field(default_factory=list)


@transaction.atomic
def import_enrolments(*, course: Course, table, actor) -> ImportResult:
    """Create new students and enrol them and existing students; all rows or none.

    Existing accounts are matched by student number or email and never changed
    (name, email, roles); rows that point at anything but a student account are
    refused. Idempotent: importing the same file twice changes nothing.
    Raises ImportFailed listing every bad row before anything is written.
    """
    errors: list[RowError] = []
    missing = table.missing(IMPORT_COLUMNS)
    if missing:
        raise ImportFailed(
            [RowError(1, column, _("This column is missing.")) for column in missing]
        )
    programmes = {}
    for programme in Programme.objects.all():
        programmes[programme.code.lower()] = programme
        programmes[programme.name_en.lower()] = programme
        programmes[programme.name_nl.lower()] = programme
    numbers_seen: dict[str, int] = {}
    emails_seen: dict[str, int] = {}
    parsed = []
    for row_number, row in table.rows:
        number = row.get("student_number", "").strip()
        email = row.get("email", "").strip().lower()
        first = row.get("first_name", "").strip()
        last = row.get("last_name", "").strip()
        programme_value = row.get("programme", "").strip()
        row_errors = []
        if not number:
            row_errors.append(RowError(row_number, "student_number", _("Required.")))
        elif not STUDENT_NUMBER_RE.match(number):
            row_errors.append(
                RowError(
                    row_number,
                    "student_number",
                    _("“%(value)s” is not a student number (e.g. r0123456).")
                    % {"value": number},
                )
            )
        elif number.lower() in numbers_seen:
            row_errors.append(
                RowError(
                    row_number,
                    "student_number",
                    _("Also on row %(row)s.") % {"row": numbers_seen[number.lower()]},
                )
            )
        if not first:
            row_errors.append(RowError(row_number, "first_name", _("Required.")))
        if not last:
            row_errors.append(RowError(row_number, "last_name", _("Required.")))
        if not email:
            row_errors.append(RowError(row_number, "email", _("Required.")))
        else:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(
                    RowError(
                        row_number,
                        "email",
                        _("“%(value)s” is not an email address.") % {"value": email},
                    )
                )
            else:
                if email in emails_seen:
                    row_errors.append(
                        RowError(
                            row_number,
                            "email",
                            _("Also on row %(row)s.") % {"row": emails_seen[email]},
                        )
                    )
        programme = None
        if programme_value:
            programme = programmes.get(programme_value.lower())
            if programme is None:
                row_errors.append(
                    RowError(
                        row_number,
                        "programme",
                        _("Unknown programme “%(value)s”.")
                        % {"value": programme_value},
                    )
                )
        if number:
            numbers_seen.setdefault(number.lower(), row_number)
        if email:
            emails_seen.setdefault(email, row_number)
        errors += row_errors
        parsed.append((row_number, number.lower(), email, first, last, programme))

    numbers = [p[1] for p in parsed if p[1]]
    users_by_number = {
        u.number: u
        for u in User.objects.annotate(number=Lower("student_number"))
        .filter(number__in=numbers)
        .prefetch_related("groups")
    }
    users_by_email = {
        u.email: u
        for u in User.objects.filter(
            email__in=[p[2] for p in parsed if p[2]]
        ).prefetch_related("groups")
    }
    for user in [*users_by_number.values(), *users_by_email.values()]:
        user._role_names = frozenset(g.name for g in user.groups.all())
    for row_number, number, email, *_rest in parsed:
        by_email = users_by_email.get(email)
        by_number = users_by_number.get(number)
        existing = by_number or by_email
        refusal = existing and import_refusal(existing, actor=actor)
        if refusal:
            column = "student_number" if by_number else "email"
            errors.append(RowError(row_number, column, refusal))
        elif by_email and by_number and by_email.pk != by_number.pk:
            errors.append(
                RowError(
                    row_number,
                    "email",
                    _("%(email)s belongs to another person in Engage.")
                    % {"email": email},
                )
            )
        elif by_number and by_number.email != email:
            errors.append(
                RowError(
                    row_number,
                    "email",
                    _(
                        "Student %(number)s has another email address in Engage; "
                        "an import never changes an account's email address."
                    )
                    % {"number": by_number.student_number},
                )
            )
        elif (
            by_email
            and by_number is None
            and by_email.student_number
            and by_email.student_number.lower() != number
        ):
            errors.append(
                RowError(
                    row_number,
                    "email",
                    _("%(email)s belongs to student %(number)s in Engage.")
                    % {"email": email, "number": by_email.student_number},
                )
            )
    if errors:
        raise ImportFailed(errors)

    result = ImportResult(rows=len(parsed))
    student_group, _created = Group.objects.get_or_create(name=str(Role.STUDENT))
    enrolled = {
        e.student_id: e
        for e in Enrolment.objects.filter(course=course).select_related("student")
    }
    for _row, number, email, first, last, programme in parsed:
        user = users_by_number.get(number) or users_by_email.get(email)
        if user is None:
            user = User(
                email=email,
                first_name=first,
                last_name=last,
                student_number=number,
            )
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
            result.created_students += 1
            user.groups.add(student_group)
        # An existing account is only enrolled: never renamed, re-addressed or
        # given roles (engage.accounts.importing).
        enrolment = enrolled.get(user.pk)
        if enrolment is None:
            enrolment = _save(
                Enrolment(
                    course=course,
                    student=user,
                    programme=programme,
                    source=Enrolment.Source.IMPORT,
                )
            )
            enrolled[user.pk] = enrolment
            result.enrolled += 1
        else:
            if programme and enrolment.programme_id != programme.pk:
                enrolment.programme = programme
                _save(enrolment)
            result.already_enrolled += 1
    audit(
        course,
        "placements.enrolment.imported",
        actor=actor,
        data={
            "rows": result.rows,
            "created": result.created_students,
            "enrolled": result.enrolled,
        },
    )
    return result


# Allocation -----------------------------------------------------------------------


def _pair_is_allowed(course, enrolment, offer) -> bool:
    problem = allocation_problem(course)
    student = next((s for s in problem.students if s.id == enrolment.student_id), None)
    return bool(
        student and offer.pk in student.preferences and offer.pk in student.eligible
    )


@transaction.atomic
def add_allocation_rule(
    *, course: Course, enrolment: Enrolment, offer: Offer, kind: str, actor
) -> AllocationRule:
    """Pin a student to one of their ranked offers, or forbid a pair."""
    if enrolment.course_id != course.pk:
        raise InvalidTransition(_("This student is not enrolled in this course."))
    if kind == AllocationRule.Kind.PIN and not _pair_is_allowed(
        course, enrolment, offer
    ):
        raise InvalidTransition(
            _(
                "A student can only be pinned to an offer they ranked and are "
                "eligible for."
            )
        )
    rule = AllocationRule(
        course=course, enrolment=enrolment, offer=offer, kind=kind, created_by=actor
    )
    _save(rule)
    audit(
        course,
        "placements.allocation.rule_added",
        actor=actor,
        data={"kind": kind, "student": enrolment.student_id, "offer": offer.pk},
    )
    return rule


@transaction.atomic
def remove_allocation_rule(*, rule: AllocationRule, actor) -> None:
    data = {
        "kind": rule.kind,
        "student": rule.enrolment.student_id,
        "offer": rule.offer_id,
    }
    course = rule.course
    rule.delete()
    audit(course, "placements.allocation.rule_removed", actor=actor, data=data)


def preview_allocation(course: Course, problem=None) -> dict:
    """The allocation a commit would make now (nothing is written).

    Returns the JSON of `allocate_placements`, or {"conflicts": [...]} when the
    pins cannot all be honoured."""
    problem = problem or allocation_problem(course)
    try:
        result = solve(
            problem.students, problem.offers, max_rank=course.max_preferences
        )
    except AllocationConflict as conflict:
        return {"conflicts": conflict.conflicts}
    return as_json(
        course=course.code,
        academic_year=course.academic_year.label,
        students=problem.students,
        offers=problem.offers,
        result=result,
    )


class EarlyAllocation(InvalidTransition):
    """Students may still be ranking: committing now needs an explicit confirmation."""


def early_allocation_message(course: Course) -> str:
    if course.preference_deadline is None:
        return _(
            "Ranking is open and has no deadline: students may still be ranking "
            "offers. Commit now only if you are sure."
        )
    return _(
        "The deadline for preferences (%(deadline)s) has not passed: students may "
        "still be ranking offers. Commit now only if you are sure."
    ) % {
        "deadline": formats.date_format(
            timezone.localtime(course.preference_deadline), "DATETIME_FORMAT"
        )
    }


@transaction.atomic
def commit_allocation(
    *,
    course: Course,
    actor,
    notify: bool = True,
    confirm_early: bool = False,
    now=None,
) -> tuple[AllocationRun, dict]:
    """Solve again under lock, create the proposed placements in one go and close
    the course's ranking.

    While ranking is still open (before the deadline, or with none) it refuses
    unless `confirm_early`. Emails every placed student and mentor unless
    `notify` is False (demo data)."""
    course = (
        Course.objects.select_for_update()
        .select_related("academic_year")
        .get(pk=course.pk)
    )
    early = course.preferences_open(now)
    if early and not confirm_early:
        raise EarlyAllocation(early_allocation_message(course))
    # Serialise runs over the same offers: a second run waits and then sees the
    # first one's proposals as taken places.
    list(
        Offer.objects.for_course(course)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    problem = allocation_problem(course)
    try:
        result = solve(
            problem.students, problem.offers, max_rank=course.max_preferences
        )
    except AllocationConflict as conflict:
        raise InvalidTransition(
            _("The pins cannot all be honoured: %(conflicts)s")
            % {"conflicts": "; ".join(conflict.conflicts)}
        ) from conflict
    data = as_json(
        course=course.code,
        academic_year=course.academic_year.label,
        students=problem.students,
        offers=problem.offers,
        result=result,
    )
    run = _save(
        AllocationRun(
            course=course,
            committed_by=actor if getattr(actor, "is_authenticated", False) else None,
            placed=result.placed,
            unplaced=len(result.unplaced),
            result=data,
        )
    )
    placements = []
    for assignment in result.assignments:
        enrolment = problem.enrolments[assignment.student]
        placement = Placement(
            enrolment=enrolment,
            course=course,
            student=enrolment.student,
            offer=problem.offer_objects[assignment.offer],
            status=Placement.Status.PROPOSED,
            preference_rank=assignment.rank,
            allocation_run=run,
        )
        placement.full_clean(exclude=["enrolment", "course", "student", "offer"])
        placements.append(placement)
    Placement.objects.bulk_create(placements)
    AllocationRule.objects.filter(
        course=course,
        enrolment__in=[problem.enrolments[a.student] for a in result.assignments],
    ).delete()
    # Ranking closes (a running or closed course stays as it is).
    closes = course.status in (Course.Status.DRAFT, Course.Status.OPEN)
    if closes:
        course.close_preferences()
        _save(course)
    audit(
        course,
        "placements.allocation.committed",
        actor=actor,
        data={
            "run": run.pk,
            "before_deadline": early,
            "closed_preferences": closes,
            **data["summary"],
        },
    )
    if notify:
        for placement in placements:
            _email_student(placement, "placement_proposed")
            _email_mentor(placement, "placement_proposed_partner")
    return run, data


@transaction.atomic
def reopen_preferences(*, course: Course, actor, deadline=None, now=None) -> Course:
    """Let students rank again after an allocation closed the ranking (with a new
    deadline when the old one has passed)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    previous = course.preference_deadline
    course.reopen_preferences(deadline=deadline, now=now)
    _save(course)
    audit(
        course,
        "placements.course.preferences_reopened",
        actor=actor,
        data={"deadline": course.preference_deadline, "previous_deadline": previous},
    )
    return course


# The placement workflow -----------------------------------------------------------


@transaction.atomic
def propose_placement(
    *, enrolment: Enrolment, offer: Offer, actor, rank: int | None = None
) -> Placement:
    """A coordinator proposes a place by hand (outside an allocation run)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    course = enrolment.course
    if not Offer.objects.for_course(course).filter(pk=offer.pk).exists():
        raise InvalidTransition(_("This offer is not open to this course."))
    if offer.status not in (Offer.Status.PUBLISHED,):
        raise InvalidTransition(
            _("Only a published offer with free places can be proposed.")
        )
    if offer.places_free <= 0:
        raise InvalidTransition(
            _("%(offer)s has no places left.") % {"offer": offer.title}
        )
    if rank is None:
        rank = (
            Preference.objects.filter(enrolment=enrolment, offer=offer)
            .values_list("rank", flat=True)
            .first()
        )
    placement = _save(
        Placement(
            enrolment=enrolment,
            course=course,
            student=enrolment.student,
            offer=offer,
            preference_rank=rank,
        )
    )
    audit(placement, "placements.placement.proposed", actor=actor)
    _email_student(placement, "placement_proposed")
    _email_mentor(placement, "placement_proposed_partner")
    return placement


def _confirm(placement, offer, actor):
    placement.confirm()
    offer.take_place()
    _save(offer)
    _save(placement)
    audit(placement, "placements.placement.confirmed", actor=actor)
    _email_student(placement, "placement_confirmed")
    _email_mentor(placement, "placement_confirmed_partner")


@transaction.atomic
def accept_placement(*, placement: Placement, party: str, actor) -> Placement:
    """The student or the partner accepts a proposal; both accepted = confirmed."""
    placement, offer = _locked_placement(placement)
    both = placement.accept(party)
    audit(placement, "placements.placement.accepted", actor=actor, data={"by": party})
    if both:
        _confirm(placement, offer, actor)
    else:
        _save(placement)
    return placement


@transaction.atomic
def confirm_placement(*, placement: Placement, actor) -> Placement:
    """Confirm on behalf of both parties; takes one of the offer's places (locked:
    concurrent confirmations never exceed the places)."""
    placement, offer = _locked_placement(placement)
    _confirm(placement, offer, actor)
    return placement


@transaction.atomic
def sign_agreement(
    *, placement: Placement, party: str, name: str, ip: str | None, actor
) -> Placement:
    """The student or the mentor signs; when both have, the signed PDF is stored."""
    placement, _offer = _locked_placement(placement)
    both = placement.sign(party, name=name, ip=ip)
    audit(
        placement,
        "placements.placement.signed",
        actor=actor,
        data={"by": party, "name": name, "ip": ip},
    )
    if both:
        pdf = render_agreement(placement)
        placement.agreement_file.save(
            agreement_filename(placement), ContentFile(pdf), save=False
        )
        _save(placement)
        audit(placement, "placements.placement.agreement_signed", actor=actor)
        _email_student(placement, "agreement_signed")
        _email_mentor(placement, "agreement_signed_partner")
    else:
        _save(placement)
    return placement


@transaction.atomic
def check_prerequisite(
    *, placement: Placement, prerequisite: Prerequisite, actor, note: str = ""
) -> PrerequisiteCheck:
    """A coordinator records that a prerequisite is met (e.g. saw the extract)."""
    placement, offer = _locked_placement(placement)
    if not offer.prerequisites.filter(pk=prerequisite.pk).exists():
        raise InvalidTransition(_("This offer does not require that."))
    if not placement.is_open:
        raise InvalidTransition(_("This placement is no longer open."))
    check, _created = PrerequisiteCheck.objects.get_or_create(
        placement=placement,
        prerequisite=prerequisite,
        defaults={"checked_by": actor, "note": note.strip()},
    )
    audit(
        placement,
        "placements.placement.prerequisite_checked",
        actor=actor,
        data={"prerequisite": prerequisite.code},
    )
    return check


@transaction.atomic
def uncheck_prerequisite(*, placement: Placement, prerequisite: Prerequisite, actor):
    placement, _offer = _locked_placement(placement)
    if placement.status not in (
        Placement.Status.PROPOSED,
        Placement.Status.CONFIRMED,
        Placement.Status.AGREEMENT_SIGNED,
    ):
        raise InvalidTransition(_("The placement has started: its checks stay."))
    PrerequisiteCheck.objects.filter(
        placement=placement, prerequisite=prerequisite
    ).delete()
    audit(
        placement,
        "placements.placement.prerequisite_unchecked",
        actor=actor,
        data={"prerequisite": prerequisite.code},
    )


@transaction.atomic
def activate_placement(*, placement: Placement, actor) -> Placement:
    """Start the placement: only when every prerequisite of the offer is checked."""
    placement, offer = _locked_placement(placement)
    checked = set(
        placement.prerequisite_checks.values_list("prerequisite_id", flat=True)
    )
    unmet = [p for p in offer.prerequisites.all() if p.pk not in checked]
    placement.activate(unmet_prerequisites=unmet)
    _save(placement)
    audit(placement, "placements.placement.activated", actor=actor)
    _email_student(placement, "placement_started")
    return placement


@transaction.atomic
def complete_placement(*, placement: Placement, actor) -> Placement:
    placement, _offer = _locked_placement(placement)
    placement.complete()
    _save(placement)
    audit(placement, "placements.placement.completed", actor=actor)
    _email_student(placement, "placement_completed")
    _email_mentor(placement, "placement_completed_partner")
    return placement


def _end_placement(placement, *, reason, actor, withdraw):
    placement, offer = _locked_placement(placement)
    held = placement.holds_place
    if withdraw:
        placement.withdraw(reason)
    else:
        placement.cancel(reason)
    if held:
        offer.release_place()
        _save(offer)
    _save(placement)
    action = "withdrawn" if withdraw else "cancelled"
    audit(
        placement,
        f"placements.placement.{action}",
        actor=actor,
        data={"reason": reason},
    )
    _email_student(placement, "placement_ended")
    _email_mentor(placement, "placement_ended")
    return placement


@transaction.atomic
def decline_placement(*, placement: Placement, reason: str, actor) -> Placement:
    """The partner (signed link or portal) turns down a proposed student: the
    proposal ends, the pair is excluded from later allocation runs, and the
    coordinator and the student are told."""
    placement, _offer = _locked_placement(placement)
    placement.decline(reason)
    _save(placement)
    rule, created = AllocationRule.objects.get_or_create(
        enrolment=placement.enrolment,
        offer=placement.offer,
        defaults={"course": placement.course, "kind": AllocationRule.Kind.FORBID},
    )
    if not created and rule.kind == AllocationRule.Kind.PIN:
        rule.kind = AllocationRule.Kind.FORBID
        _save(rule)
    audit(
        placement,
        "placements.placement.declined",
        actor=actor,
        data={"reason": placement.end_reason, "by": "partner"},
    )
    _email_student(
        placement,
        "placement_declined",
        url=absolute_url(reverse("placements:my")),
    )
    _email_coordinator(placement, "placement_declined_coordinator")
    return placement


@transaction.atomic
def cancel_placement(*, placement: Placement, reason: str, actor) -> Placement:
    """The university or the partner ends an open placement (frees its place)."""
    return _end_placement(placement, reason=reason, actor=actor, withdraw=False)


@transaction.atomic
def withdraw_placement(*, placement: Placement, reason: str, actor) -> Placement:
    """The student steps out of an open placement (frees its place)."""
    return _end_placement(placement, reason=reason, actor=actor, withdraw=True)


def _maybe_evaluated(placement, actor):
    has_mentor = MentorEvaluation.objects.filter(placement=placement).exists()
    has_student = StudentEvaluation.objects.filter(placement=placement).exists()
    if placement.status == Placement.Status.COMPLETED and has_mentor and has_student:
        placement.mark_evaluated(
            has_mentor_evaluation=has_mentor, has_student_evaluation=has_student
        )
        _save(placement)
        audit(placement, "placements.placement.evaluated", actor=actor)


# Hours ----------------------------------------------------------------------------

HOURS_OPEN_STATUSES = (Placement.Status.ACTIVE, Placement.Status.COMPLETED)


@transaction.atomic
def log_hours(
    *, placement: Placement, date: datetime.date, hours, activity: str, actor
) -> HourEntry:
    """The student logs hours; the mentor gets a link to approve them."""
    placement, _offer = _locked_placement(placement)
    if placement.status not in HOURS_OPEN_STATUSES:
        raise InvalidTransition(_("You can log hours once your placement has started."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("You cannot log hours in the future.")})
    entry = _save(
        HourEntry(
            placement=placement, date=date, hours=hours, activity=activity.strip()
        )
    )
    audit(
        entry,
        "placements.hours.logged",
        actor=actor,
        data={"hours": str(hours), "date": date.isoformat()},
    )
    _email_mentor(placement, "hours_logged", entry=entry)
    return entry


@transaction.atomic
def review_hours(
    *,
    entry: HourEntry,
    approve: bool,
    reviewer_name: str,
    actor,
    reason: str = "",
) -> HourEntry:
    """The mentor (link or portal) or a coordinator approves or rejects hours."""
    entry = (
        HourEntry.objects.select_for_update()
        .select_related("placement__student", "placement__offer__organisation")
        .get(pk=entry.pk)
    )
    reviewer_name = (reviewer_name or "").strip() or str(actor or "")
    if approve:
        entry.approve(reviewer_name=reviewer_name)
    else:
        entry.reject(reviewer_name=reviewer_name, reason=reason)
    if getattr(actor, "is_authenticated", False):
        entry.reviewed_by = actor
    _save(entry)
    audit(
        entry,
        "placements.hours.approved" if approve else "placements.hours.rejected",
        actor=actor,
        data={"by": reviewer_name, "reason": reason},
    )
    if not approve:
        _email_student(entry.placement, "hours_rejected", entry=entry)
    return entry


# Reflections and evaluations ------------------------------------------------------

REFLECTION_STATUSES = (
    Placement.Status.ACTIVE,
    Placement.Status.COMPLETED,
    Placement.Status.EVALUATED,
)


@transaction.atomic
def save_reflections(*, placement: Placement, answers: dict, actor) -> int:
    """Save the student's answers ({prompt id: text}); empty answers are skipped."""
    if placement.status not in REFLECTION_STATUSES:
        raise InvalidTransition(_("You can reflect once your placement has started."))
    prompts = {p.pk: p for p in placement.course.reflection_prompts.all()}
    saved = 0
    for prompt_id, answer in answers.items():
        answer = (answer or "").strip()
        prompt = prompts.get(int(prompt_id))
        if prompt is None or not answer:
            continue
        reflection = Reflection.objects.filter(
            placement=placement, prompt=prompt
        ).first()
        reflection = reflection or Reflection(placement=placement, prompt=prompt)
        reflection.answer = answer
        _save(reflection)
        saved += 1
    audit(
        placement, "placements.reflection.saved", actor=actor, data={"answers": saved}
    )
    return saved


@transaction.atomic
def submit_mentor_evaluation(
    *, placement: Placement, evaluator_name: str, ratings: dict, comments: str, actor
) -> MentorEvaluation:
    """The mentor evaluates the student once the placement is completed."""
    placement, _offer = _locked_placement(placement)
    if placement.status != Placement.Status.COMPLETED:
        raise InvalidTransition(
            _("The evaluation opens when the placement is completed.")
        )
    if MentorEvaluation.objects.filter(placement=placement).exists():
        raise InvalidTransition(_("This student has already been evaluated."))
    evaluation = _save(
        MentorEvaluation(
            placement=placement,
            evaluator_name=(evaluator_name or "").strip(),
            comments=comments.strip(),
            **{k: ratings[k] for k in MentorEvaluation.RATINGS},
        )
    )
    audit(placement, "placements.evaluation.mentor", actor=actor)
    _maybe_evaluated(placement, actor)
    return evaluation


@transaction.atomic
def submit_student_evaluation(
    *, placement: Placement, ratings: dict, would_recommend: bool, comments: str, actor
) -> StudentEvaluation:
    placement, _offer = _locked_placement(placement)
    if placement.status != Placement.Status.COMPLETED:
        raise InvalidTransition(
            _("The evaluation opens when the placement is completed.")
        )
    if StudentEvaluation.objects.filter(placement=placement).exists():
        raise InvalidTransition(_("You have already evaluated this placement."))
    evaluation = _save(
        StudentEvaluation(
            placement=placement,
            would_recommend=would_recommend,
            comments=comments.strip(),
            **{k: ratings[k] for k in StudentEvaluation.RATINGS},
        )
    )
    audit(placement, "placements.evaluation.student", actor=actor)
    _maybe_evaluated(placement, actor)
    return evaluation


def render_current_agreement(placement) -> bytes:
    """The stored signed PDF when there is one, else a fresh (draft) rendering."""
    if placement.agreement_file:
        with placement.agreement_file.open("rb") as handle:
            return handle.read()
    return render_agreement(placement)
