"""Every write in KOTengage: atomic, audited, emails queued on commit.

Services take `now` (default: the real clock) so that waitlist offers, expiry,
cancellation deadlines and reminders can be tested by moving time explicitly.
Anything that changes the places on a shift first takes the shift's row lock.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from engage.accounts.scoping import is_engage_coordinator, is_student
from engage.accounts.signed_links import signed_url, spend_token
from engage.core.audit import audit
from engage.core.emails import absolute_url, queue_email
from engage.core.exceptions import InvalidTransition
from engage.volunteering.models import (
    BRUSSELS,
    CalendarFeed,
    Certificate,
    HoursLog,
    InitiativeMembership,
    Opportunity,
    Shift,
    ShiftException,
    ShiftRule,
    SignUp,
    StudentInitiative,
    VolunteeringSettings,
    new_calendar_token,
)

OFFER_PURPOSE = "volunteering.offer"
ATTENDANCE_PURPOSE = "volunteering.attendance"
HOURS_PURPOSE = "volunteering.hours"


def _now(now):
    return now or timezone.now()


def _lock_shift(shift) -> Shift:
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related(
            "opportunity", "opportunity__organisation", "opportunity__campus"
        )
        .get(pk=shift.pk)
    )


def _language(user) -> str:
    return getattr(user, "preferred_language", "") or "nl"


def _url(path: str, language: str) -> str:
    """An absolute link in `language` (URL prefixes follow the active language)."""
    with translation.override(language):
        return absolute_url(path() if callable(path) else path)


def _opportunity_url(opportunity, language) -> str:
    return _url(
        lambda: reverse("volunteering:opportunity", kwargs={"pk": opportunity.pk}),
        language,
    )


def _email_student(signup: SignUp, template: str, **context) -> None:
    student = signup.student
    language = _language(student)
    queue_email(
        to=student.email,
        template=f"volunteering/emails/{template}",
        language=language,
        context={
            "student": student,
            "signup": signup,
            "shift": signup.shift,
            "opportunity": signup.shift.opportunity,
            "opportunity_url": _opportunity_url(signup.shift.opportunity, language),
            "my_url": _url(lambda: reverse("volunteering:my_engagement"), language),
            **context,
        },
    )


def _email_organiser(opportunity: Opportunity, template: str, **context) -> None:
    queue_email(
        to=opportunity.contact_email,
        template=f"volunteering/emails/{template}",
        language=opportunity.contact_language,
        context={"opportunity": opportunity, **context},
    )


# Sign-ups and the waitlist -------------------------------------------------------


def _check_open_for_sign_up(shift: Shift, student, now) -> None:
    if not is_student(student):
        raise InvalidTransition(_("Only students can sign up for shifts."))
    if not shift.opportunity.is_visible(now):
        raise InvalidTransition(_("This opportunity is not open for sign-ups."))
    if shift.is_cancelled:
        raise InvalidTransition(_("This shift is cancelled."))
    if shift.has_started(now):
        raise InvalidTransition(_("This shift has already started."))


def _check_free_at_that_time(shift: Shift, student) -> None:
    """Refuse a sign-up whose time overlaps a shift where `student` holds a place
    (confirmed, offered, attended), in any opportunity.

    Locks the student's row first, so two sign-ups of one student for overlapping
    shifts (two tabs, two shifts' locks) cannot both pass the check.
    """
    get_user_model().objects.select_for_update().filter(pk=student.pk).first()
    clash = (
        SignUp.objects.holding_a_place()
        .filter(
            student=student,
            shift__status=Shift.Status.SCHEDULED,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift__opportunity")
        .order_by("shift__starts_at")
        .first()
    )
    if clash is None:
        return
    other = clash.shift
    start = timezone.localtime(other.starts_at, BRUSSELS)
    end = timezone.localtime(other.ends_at, BRUSSELS)
    raise InvalidTransition(
        _(
            "This shift overlaps “%(title)s” on %(date)s, %(start)s–%(end)s, where "
            "you already have a place. Cancel that place first if you want this one."
        )
        % {
            "title": other.opportunity.title,
            "date": formats.date_format(start, "l j F Y"),
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
        }
    )


def sign_up(*, shift: Shift, student, actor, now=None) -> SignUp:
    """Sign `student` up: confirmed while places remain, else waitlisted in order.

    Holds the shift's row lock, so concurrent sign-ups queue up; a repeated sign-up
    (a double click) returns the existing one. Emails the student.
    """
    now = _now(now)
    for attempt in range(5):
        try:
            return _sign_up(shift=shift, student=student, actor=actor, now=now)
        except OperationalError as exc:  # SQLite: "database is locked" under load
            if "locked" not in str(exc) or attempt == 4:
                raise
        except IntegrityError:
            # Another request of the same student won the race: return its sign-up.
            existing = SignUp.objects.filter(shift=shift, student=student).first()
            if existing is None:
                raise
            return existing
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _sign_up(*, shift, student, actor, now) -> SignUp:
    shift = _lock_shift(shift)
    _check_open_for_sign_up(shift, student, now)
    signup = SignUp.objects.filter(shift=shift, student=student).first()
    if signup is not None and signup.status not in (
        SignUp.Status.CANCELLED,
        SignUp.Status.EXPIRED,
    ):
        return signup
    _check_free_at_that_time(shift, student)
    if signup is None:
        signup = SignUp(shift=shift, student=student)
    shift.last_sequence += 1
    signup.sequence = shift.last_sequence
    signup.cancelled_at, signup.cancellation_reason = None, ""
    signup.offered_at = signup.offer_expires_at = None
    if shift.places_taken < shift.capacity:
        signup.status = SignUp.Status.CONFIRMED
        signup.confirmed_at = now
        shift.places_taken += 1
    else:
        signup.status = SignUp.Status.WAITLISTED
        signup.confirmed_at = None
    shift.save(update_fields=["places_taken", "last_sequence", "updated_at"])
    signup.shift = shift
    signup.full_clean()
    signup.save()
    audit(signup, f"volunteering.signup.{signup.status}", actor=actor)
    if signup.status == SignUp.Status.CONFIRMED:
        _email_student(signup, "signup_confirmed")
    else:
        position = (
            shift.signups.waitlisted().filter(sequence__lte=signup.sequence).count()
        )
        _email_student(signup, "signup_waitlisted", position=position)
    return signup


def _offer_free_places(shift: Shift, now) -> list[SignUp]:
    """Offer each free place to the next in line (the caller holds the shift lock)."""
    offered = []
    if shift.is_cancelled or shift.has_started(now):
        return offered
    valid_for = VolunteeringSettings.current().offer_valid_for
    while shift.places_taken < shift.capacity:
        candidate = shift.signups.waitlisted().select_related("student").first()
        if candidate is None:
            break
        candidate.shift = shift
        candidate.offer(now=now, expires_at=min(now + valid_for, shift.starts_at))
        candidate.full_clean()
        candidate.save()
        shift.places_taken += 1
        audit(
            candidate,
            "volunteering.signup.offered",
            data={"expires": candidate.offer_expires_at},
        )
        language = _language(candidate.student)
        with translation.override(language):
            accept_url = signed_url(
                "volunteering:offer",
                OFFER_PURPOSE,
                {"signup": candidate.pk, "offered": candidate.offered_at.isoformat()},
            )
        _email_student(candidate, "offer", accept_url=accept_url)
        offered.append(candidate)
    shift.save(update_fields=["places_taken", "updated_at"])
    return offered


def _free_place(shift: Shift, signup: SignUp, previous_status: str) -> None:
    if previous_status in SignUp.PLACE_HOLDING:
        Shift.objects.filter(pk=shift.pk).update(places_taken=F("places_taken") - 1)
        shift.places_taken -= 1


@transaction.atomic
def cancel_signup(*, signup: SignUp, actor, reason: str = "", now=None) -> SignUp:
    """The student cancels (until the deadline); a freed place goes to the waitlist.

    Tells the organiser when a confirmed place is given up.
    """
    now = _now(now)
    shift = _lock_shift(signup.shift)
    signup = SignUp.objects.select_related("student").get(pk=signup.pk)
    signup.shift = shift
    previous = signup.status
    signup.cancel(
        deadline=VolunteeringSettings.current().cancellation_deadline,
        now=now,
        reason=reason,
    )
    signup.full_clean()
    signup.save()
    _free_place(shift, signup, previous)
    audit(signup, "volunteering.signup.cancelled", actor=actor, data={"was": previous})
    _email_student(signup, "signup_cancelled")
    if previous in (SignUp.Status.CONFIRMED, SignUp.Status.OFFERED):
        _email_organiser(
            shift.opportunity,
            "organiser_cancellation",
            signup=signup,
            shift=shift,
            student=signup.student,
            organiser_url=_url(
                lambda: reverse(
                    "volunteering:organiser_shift", kwargs={"pk": shift.pk}
                ),
                shift.opportunity.contact_language,
            ),
        )
    _offer_free_places(shift, now)
    return signup


@transaction.atomic
def accept_offer(*, signup: SignUp, actor, now=None) -> SignUp:
    """A waitlisted student takes the place offered to them (before it expires)."""
    now = _now(now)
    shift = _lock_shift(signup.shift)
    signup = SignUp.objects.select_related("student").get(pk=signup.pk)
    signup.shift = shift
    if signup.status == SignUp.Status.OFFERED:
        _check_free_at_that_time(shift, signup.student)
    signup.accept_offer(now=now)
    signup.full_clean()
    signup.save()
    audit(signup, "volunteering.signup.offer_accepted", actor=actor)
    _email_student(signup, "signup_confirmed")
    return signup


@transaction.atomic
def decline_offer(*, signup: SignUp, actor, now=None) -> SignUp:
    """The student lets the offered place go: it goes to the next in line at once."""
    now = _now(now)
    shift = _lock_shift(signup.shift)
    signup = SignUp.objects.select_related("student").get(pk=signup.pk)
    signup.shift = shift
    signup.decline_offer(now=now)
    signup.full_clean()
    signup.save()
    _free_place(shift, signup, SignUp.Status.OFFERED)
    audit(signup, "volunteering.signup.offer_declined", actor=actor)
    _offer_free_places(shift, now)
    return signup


def expire_offers(*, now=None) -> int:
    """Expire every offer past its time and offer the place to the next in line.

    Run periodically (`manage.py volunteering_tick`); each shift in its own
    transaction. Tells the student whose offer lapsed.
    """
    now = _now(now)
    shift_ids = (
        SignUp.objects.filter(status=SignUp.Status.OFFERED, offer_expires_at__lte=now)
        .values_list("shift_id", flat=True)
        .distinct()
    )
    expired = 0
    for shift_id in list(shift_ids):
        expired += _expire_offers_on_shift(shift_id, now)
    return expired


@transaction.atomic
def _expire_offers_on_shift(shift_id: int, now) -> int:
    shift = _lock_shift(Shift(pk=shift_id))
    lapsed = list(
        shift.signups.filter(
            status=SignUp.Status.OFFERED, offer_expires_at__lte=now
        ).select_related("student")
    )
    for signup in lapsed:
        signup.shift = shift
        signup.expire_offer(now=now)
        signup.full_clean()
        signup.save()
        _free_place(shift, signup, SignUp.Status.OFFERED)
        audit(signup, "volunteering.signup.offer_expired")
        _email_student(signup, "offer_expired")
    _offer_free_places(shift, now)
    return len(lapsed)


@transaction.atomic
def change_capacity(
    *,
    shift: Shift,
    capacity: int,
    actor,
    release=(),
    reason: str = "",
    now=None,
) -> Shift:
    """Change a shift's places live: a raise offers places to the waitlist; a cut
    below the places taken needs the coordinator to name whose place is released
    (they are told by email), so nobody is removed silently.
    """
    now = _now(now)
    shift = _lock_shift(shift)
    previous = shift.capacity
    release_ids = {getattr(s, "pk", s) for s in release}
    if release_ids and not reason.strip():
        raise InvalidTransition(
            _("Say why the places are released: the students are told.")
        )
    released = list(shift.signups.filter(pk__in=release_ids).select_related("student"))
    if len(released) != len(release_ids):
        raise InvalidTransition(_("Release only sign-ups of this shift."))
    for signup in released:
        was = signup.status
        signup.shift = shift
        signup.release(now=now, reason=reason)
        signup.full_clean()
        signup.save()
        _free_place(shift, signup, was)
        audit(
            signup, "volunteering.signup.released", actor=actor, data={"reason": reason}
        )
        _email_student(signup, "signup_released", reason=reason)
    shift.change_capacity(capacity)
    shift.full_clean()
    shift.save(update_fields=["capacity", "updated_at"])
    audit(
        shift,
        "volunteering.shift.capacity_changed",
        actor=actor,
        data={"from": previous, "to": capacity, "released": sorted(release_ids)},
    )
    _offer_free_places(shift, now)
    return shift


@transaction.atomic
def cancel_shift(*, shift: Shift, actor, reason: str, now=None) -> Shift:
    """Cancel a whole shift; everyone signed up or waiting is told by email."""
    now = _now(now)
    if not reason.strip():
        raise InvalidTransition(
            _("Say why the shift is cancelled: the students are told.")
        )
    shift = _lock_shift(shift)
    shift.cancel(reason=reason, now=now)
    for signup in shift.signups.filter(
        status__in=[
            SignUp.Status.CONFIRMED,
            SignUp.Status.OFFERED,
            SignUp.Status.WAITLISTED,
        ]
    ).select_related("student"):
        signup.shift = shift
        signup.release(now=now, reason=reason)
        signup.save()
        _email_student(signup, "shift_cancelled", reason=reason)
    shift.places_taken = 0
    shift.full_clean()
    shift.save()
    audit(shift, "volunteering.shift.cancelled", actor=actor, data={"reason": reason})
    return shift


# Attendance and hours ------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *,
    shift: Shift,
    attended_ids,
    actor,
    by_name: str = "",
    link_token: str = "",
    now=None,
) -> list[SignUp]:
    """The organiser marks who came: attended shifts credit their hours, the rest
    are recorded as no-shows. Works for a portal account or a signed link (no actor;
    the link is spent). Once recorded, only an Engage coordinator changes it: each
    correction is audited with the statuses before and after.
    """
    now = _now(now)
    shift = _lock_shift(shift)
    attended_ids = {int(pk) for pk in attended_ids}
    signups = list(
        shift.signups.filter(
            status__in=[
                SignUp.Status.CONFIRMED,
                SignUp.Status.ATTENDED,
                SignUp.Status.NO_SHOW,
            ]
        ).select_related("student")
    )
    unknown = attended_ids - {s.pk for s in signups}
    if unknown:
        raise InvalidTransition(_("Mark only students confirmed for this shift."))
    before = {s.pk: s.status for s in signups}
    correction = attendance_recorded(signups)
    if correction and not is_engage_coordinator(actor):
        raise InvalidTransition(
            _(
                "Attendance for this shift is already recorded. To change it, ask "
                "the Engage office: a coordinator makes the correction."
            )
        )
    if link_token:
        spend_token(link_token, ATTENDANCE_PURPOSE, now=now)
    by = actor if getattr(actor, "is_authenticated", False) else None
    for signup in signups:
        signup.shift = shift
        signup.mark_attendance(attended=signup.pk in attended_ids, now=now, by=by)
        signup.full_clean()
        signup.save()
    data = {
        "attended": sorted(attended_ids),
        "no_show": sorted({s.pk for s in signups} - attended_ids),
        "by": by_name or str(actor or ""),
    }
    if correction:
        data["changes"] = [
            {"signup": s.pk, "from": before[s.pk], "to": s.status}
            for s in signups
            if before[s.pk] != s.status
        ]
    audit(
        shift,
        "volunteering.shift.attendance_corrected"
        if correction
        else "volunteering.shift.attendance",
        actor=actor,
        data=data,
    )
    return signups


def attendance_recorded(signups) -> bool:
    """Was attendance already recorded for these sign-ups (of one shift)?"""
    return any(
        s.status in (SignUp.Status.ATTENDED, SignUp.Status.NO_SHOW) for s in signups
    )


@transaction.atomic
def log_hours(
    *, student, opportunity: Opportunity, date, hours, description: str, actor
) -> HoursLog:
    """A student logs extra hours; the organiser gets a link to approve them."""
    if not opportunity.shifts.filter(
        signups__student=student,
        signups__status__in=[SignUp.Status.CONFIRMED, SignUp.Status.ATTENDED],
    ).exists():
        raise InvalidTransition(
            _("Log hours only for an opportunity you volunteer for.")
        )
    log = HoursLog(
        student=student,
        opportunity=opportunity,
        date=date,
        hours=Decimal(str(hours)),
        description=description,
    )
    log.full_clean()
    log.save()
    audit(log, "volunteering.hours.logged", actor=actor, data={"hours": log.hours})
    with translation.override(opportunity.contact_language):
        approve_url = signed_url(
            "volunteering:hours_link", HOURS_PURPOSE, {"hours": log.pk}
        )
    _email_organiser(
        opportunity,
        "organiser_hours",
        log=log,
        student=student,
        approve_url=approve_url,
    )
    return log


def _decide_hours(
    log, actor, by_name, now, approve: bool, note: str = "", link_token: str = ""
):
    log = (
        HoursLog.objects.select_for_update()
        .select_related("student", "opportunity")
        .get(pk=log.pk)
    )
    if link_token:
        spend_token(link_token, HOURS_PURPOSE, now=now)
    by = actor if getattr(actor, "is_authenticated", False) else None
    name = by_name or (str(actor) if by else "")
    if approve:
        log.approve(by=by, by_name=name, now=now)
    else:
        log.reject(by=by, by_name=name, now=now, note=note)
    log.full_clean()
    log.save()
    audit(
        log,
        f"volunteering.hours.{log.status}",
        actor=actor,
        data={"by": name, "note": note},
    )
    language = _language(log.student)
    queue_email(
        to=log.student.email,
        template="volunteering/emails/hours_decided",
        language=language,
        context={
            "log": log,
            "student": log.student,
            "my_url": _url(lambda: reverse("volunteering:my_engagement"), language),
        },
    )
    return log


@transaction.atomic
def approve_hours(
    *, log: HoursLog, actor, by_name: str = "", link_token: str = "", now=None
) -> HoursLog:
    """The organiser approves extra hours; they count on the record and certificate.
    From the emailed link (`link_token`) the link is spent: it decides once."""
    return _decide_hours(
        log, actor, by_name, _now(now), approve=True, link_token=link_token
    )


@transaction.atomic
def reject_hours(
    *,
    log: HoursLog,
    actor,
    note: str,
    by_name: str = "",
    link_token: str = "",
    now=None,
) -> HoursLog:
    """The organiser does not approve extra hours, saying why; the student is told."""
    return _decide_hours(
        log,
        actor,
        by_name,
        _now(now),
        approve=False,
        note=note,
        link_token=link_token,
    )


# Opportunities and their shifts ----------------------------------------------------


OPPORTUNITY_M2M = ("themes", "target_groups", "sdgs", "languages")


@transaction.atomic
def create_opportunity(*, actor, fields: dict, propose: bool = False) -> Opportunity:
    """Create an opportunity (a draft, or proposed by an organiser for review)."""
    data = dict(fields)
    m2m = {name: data.pop(name) for name in OPPORTUNITY_M2M if name in data}
    opportunity = Opportunity(**data)
    if propose:
        opportunity.propose(by=actor)
    opportunity.full_clean()
    opportunity.save()
    for name, values in m2m.items():
        getattr(opportunity, name).set(values)
    audit(
        opportunity,
        "volunteering.opportunity.proposed" if propose else "wagtail.create",
        actor=actor,
    )
    return opportunity


@transaction.atomic
def update_opportunity(*, opportunity: Opportunity, actor, fields: dict) -> Opportunity:
    """Edit an opportunity's content (not its status: that has its own services)."""
    data = dict(fields)
    m2m = {name: data.pop(name) for name in OPPORTUNITY_M2M if name in data}
    data.pop("status", None)
    for name, value in data.items():
        setattr(opportunity, name, value)
    opportunity.full_clean()
    opportunity.save()
    for name, values in m2m.items():
        getattr(opportunity, name).set(values)
    audit(opportunity, "wagtail.edit", actor=actor)
    return opportunity


@transaction.atomic
def publish_opportunity(*, opportunity: Opportunity, actor, now=None) -> Opportunity:
    """A coordinator publishes; whoever proposed it is told."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    opportunity.publish(now=_now(now))
    opportunity.full_clean()
    opportunity.save()
    audit(opportunity, "volunteering.opportunity.published", actor=actor)
    if opportunity.proposed_by_id:
        proposer = opportunity.proposed_by
        language = _language(proposer)
        queue_email(
            to=proposer.email,
            template="volunteering/emails/opportunity_published",
            language=language,
            context={
                "opportunity": opportunity,
                "opportunity_url": _opportunity_url(opportunity, language),
            },
        )
    return opportunity


@transaction.atomic
def close_opportunity(*, opportunity: Opportunity, actor) -> Opportunity:
    """Close sign-ups for good (existing shifts and sign-ups stay as they are)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    opportunity.close()
    opportunity.save()
    audit(opportunity, "volunteering.opportunity.closed", actor=actor)
    return opportunity


@transaction.atomic
def add_shift(
    *,
    opportunity: Opportunity,
    starts_at,
    ends_at,
    capacity: int,
    actor,
    location_override: str = "",
) -> Shift:
    """One shift (one-off opportunities, or an extra date of a recurring one)."""
    shift = Shift(
        opportunity=opportunity,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        location_override=location_override,
    )
    shift.full_clean()
    shift.save()
    audit(shift, "wagtail.create", actor=actor)
    return shift


@transaction.atomic
def add_weekly_rule(*, opportunity: Opportunity, actor, **fields) -> ShiftRule:
    """A weekly rule of a recurring opportunity (`generate_shifts` makes the shifts)."""
    if opportunity.kind != Opportunity.Kind.RECURRING:
        raise InvalidTransition(_("Only recurring opportunities have weekly rules."))
    rule = ShiftRule(opportunity=opportunity, **fields)
    rule.full_clean()
    rule.save()
    audit(rule, "wagtail.create", actor=actor)
    return rule


@transaction.atomic
def generate_shifts(*, opportunity: Opportunity, actor, now=None) -> list[Shift]:
    """Create the future shifts of every weekly rule, skipping excluded dates and
    shifts that already exist. Times are Brussels wall-clock times, so a 18:00
    shift stays at 18:00 across a daylight-saving change.
    """
    now = _now(now)
    exceptions = set(opportunity.exceptions.values_list("date", flat=True))
    existing = set(opportunity.shifts.values_list("starts_at", flat=True))
    new = []
    for rule in opportunity.rules.all():
        for day in rule.dates(exceptions):
            start, end = rule.times_on(day)
            if start <= now or start in existing:
                continue
            existing.add(start)
            new.append(
                Shift(
                    opportunity=opportunity,
                    rule=rule,
                    starts_at=start,
                    ends_at=end,
                    capacity=rule.capacity,
                    location_override=rule.location_override,
                )
            )
    created = Shift.objects.bulk_create(new, batch_size=500)
    if created:
        audit(
            opportunity,
            "volunteering.opportunity.shifts_generated",
            actor=actor,
            data={"count": len(created)},
        )
    return created


@transaction.atomic
def add_exception(
    *, opportunity: Opportunity, date: datetime.date, reason: str, actor, now=None
) -> ShiftException:
    """Exclude a date (a holiday): its scheduled shifts are cancelled, students told."""
    exception = ShiftException(opportunity=opportunity, date=date, reason=reason)
    exception.full_clean()
    exception.save()
    for shift in opportunity.shifts.scheduled().filter(starts_at__date=date):
        cancel_shift(
            shift=shift,
            actor=actor,
            reason=reason or _("No activity on this date"),
            now=now,
        )
    audit(
        opportunity,
        "volunteering.opportunity.date_excluded",
        actor=actor,
        data={"date": date},
    )
    return exception


# Student initiatives ----------------------------------------------------------------


@transaction.atomic
def propose_initiative(
    *,
    actor,
    name: str,
    goal: str,
    members=(),
    sponsor_staff=None,
    sponsor_organisation=None,
    contact_email: str = "",
    city=None,
) -> StudentInitiative:
    """A student proposes an initiative with fellow students; coordinators review it."""
    if not is_student(actor):
        raise InvalidTransition(_("Only students can propose an initiative."))
    initiative = StudentInitiative(
        name=name,
        goal=goal,
        sponsor_staff=sponsor_staff,
        sponsor_organisation=sponsor_organisation,
        contact_email=contact_email or actor.email,
        city=city,
        proposed_by=actor,
    )
    initiative.full_clean()
    initiative.save()
    InitiativeMembership.objects.create(initiative=initiative, user=actor, is_lead=True)
    for member in members:
        if member.pk != actor.pk:
            InitiativeMembership.objects.get_or_create(
                initiative=initiative, user=member
            )
    audit(initiative, "volunteering.initiative.proposed", actor=actor)
    return initiative


def _email_members(initiative, template):
    for membership in initiative.memberships.select_related("user"):
        queue_email(
            to=membership.user.email,
            template=f"volunteering/emails/{template}",
            language=_language(membership.user),
            context={"initiative": initiative, "member": membership.user},
        )


@transaction.atomic
def approve_initiative(
    *, initiative: StudentInitiative, actor, note: str = "", now=None
) -> StudentInitiative:
    """A coordinator approves: the initiative may now organise opportunities."""
    initiative = StudentInitiative.objects.select_for_update().get(pk=initiative.pk)
    initiative.approve(by=actor, note=note, now=_now(now))
    initiative.full_clean()
    initiative.save()
    audit(initiative, "volunteering.initiative.approved", actor=actor)
    _email_members(initiative, "initiative_decided")
    return initiative


@transaction.atomic
def reject_initiative(
    *, initiative: StudentInitiative, actor, note: str, now=None
) -> StudentInitiative:
    """A coordinator does not approve, saying why; the members are told."""
    initiative = StudentInitiative.objects.select_for_update().get(pk=initiative.pk)
    initiative.reject(by=actor, note=note, now=_now(now))
    initiative.full_clean()
    initiative.save()
    audit(
        initiative, "volunteering.initiative.rejected", actor=actor, data={"note": note}
    )
    _email_members(initiative, "initiative_decided")
    return initiative


# Calendar and certificate ------------------------------------------------------------


def calendar_feed_for(user) -> CalendarFeed:
    """The person's feed address, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_calendar_feed(*, user, actor) -> CalendarFeed:
    """A new secret address: calendars subscribed to the old one stop updating."""
    feed = calendar_feed_for(user)
    feed.token = new_calendar_token()
    feed.full_clean()
    feed.save()
    audit(feed, "volunteering.calendar.reset", actor=actor)
    return feed


@transaction.atomic
def issue_certificate(*, student, actor, language: str, now=None) -> Certificate:
    """Freeze the student's completed engagement (never what is still to come) into
    a certificate with a code that anyone can verify (it shows what the
    certificate says, nothing more).
    """
    from engage.volunteering.selectors import engagement_record

    with translation.override(language):
        record = engagement_record(student)
        items = [
            {
                "kind": item.kind,
                "kind_label": str(record.kind_labels.get(item.kind, item.kind)),
                "title": str(item.title),
                "organisation": str(item.organisation),
                "start": item.start.isoformat() if item.start else "",
                "end": item.end.isoformat() if item.end else "",
                "hours": ""
                if item.approved_hours is None
                else str(Decimal(item.approved_hours).quantize(Decimal("0.01"))),
            }
            for item in record.completed
        ]
    if not items:
        raise InvalidTransition(
            _(
                "Nothing on your record is completed yet: a certificate lists "
                "completed engagement only."
            )
        )
    certificate = Certificate(
        student=student,
        student_name=student.get_full_name() or student.email,
        language=language,
        issued_at=_now(now),
        total_hours=record.total_hours,
        items=items,
    )
    certificate.full_clean()
    certificate.save()
    audit(certificate, "volunteering.certificate.issued", actor=actor)
    return certificate


# Periodic work --------------------------------------------------------------------


def send_shift_reminders(*, now=None) -> int:
    """Remind confirmed students of a shift starting within the reminder lead time.

    Each sign-up is claimed with a conditional update, so two workers never send
    the same reminder twice.
    """
    now = _now(now)
    lead = VolunteeringSettings.current().reminder_lead
    due = SignUp.objects.filter(
        status=SignUp.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        shift__status=Shift.Status.SCHEDULED,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + lead,
    ).select_related(
        "student", "shift__opportunity__campus", "shift__opportunity__organisation"
    )
    sent = 0
    for signup in due:
        with transaction.atomic():
            claimed = SignUp.objects.filter(
                pk=signup.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _email_student(signup, "shift_reminder")
                sent += 1
    return sent


def request_attendance(*, now=None) -> int:
    """After a shift ends, send its organiser a signed link to mark attendance."""
    now = _now(now)
    due = (
        Shift.objects.filter(
            status=Shift.Status.SCHEDULED,
            ends_at__lte=now,
            attendance_requested_at__isnull=True,
            signups__status=SignUp.Status.CONFIRMED,
        )
        .distinct()
        .select_related("opportunity")
    )
    sent = 0
    for shift in due:
        with transaction.atomic():
            claimed = Shift.objects.filter(
                pk=shift.pk, attendance_requested_at__isnull=True
            ).update(attendance_requested_at=now)
            if claimed:
                with translation.override(shift.opportunity.contact_language):
                    link = signed_url(
                        "volunteering:attendance_link",
                        ATTENDANCE_PURPOSE,
                        {"shift": shift.pk},
                    )
                _email_organiser(
                    shift.opportunity, "organiser_attendance", shift=shift, link=link
                )
                sent += 1
    return sent


def run_periodic_work(*, now=None) -> dict:
    """Everything KOTengage does on a clock: offers, reminders, attendance requests."""
    now = _now(now)
    return {
        "offers_expired": expire_offers(now=now),
        "reminders_sent": send_shift_reminders(now=now),
        "attendance_requests": request_attendance(now=now),
    }
