"""Reads for KOTengage: scoped, prefetched, a constant number of queries each."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.core.emails import absolute_url
from engage.core.registry import (
    CalendarEvent,
    EngagementItem,
    calendar_event_providers,
    engagement_record_providers,
)
from engage.volunteering.models import (
    HoursLog,
    Opportunity,
    Shift,
    SignUp,
    StudentInitiative,
)

KIND_LABELS = {
    "volunteering": _("KOTengage volunteering"),
    "service_learning": _("Service-learning"),
    "science_shop": _("Science Shop"),
}


def _upcoming_shifts(now):
    return Shift.objects.upcoming(now).filter(opportunity=OuterRef("pk"))


def public_opportunities(now=None):
    """Visible opportunities for the public listing (filter, then `with_next_shift`)."""
    return (
        Opportunity.objects.published(now)
        .select_related("organisation", "initiative", "campus")
        .prefetch_related("themes", "languages")
    )


def with_next_shift(queryset, *, now=None, condition: Q | None = None):
    """Annotate each opportunity with its next shift matching `condition` (the
    listing's date/weekday/time filters): when it starts, its free places, and how
    many matching dates are coming; ordered by that next date. No per-row queries.
    """
    now = now or timezone.now()
    upcoming = _upcoming_shifts(now)
    if condition is not None:
        upcoming = upcoming.filter(condition)
    first = upcoming.order_by("starts_at", "pk")
    return queryset.annotate(
        next_start=Subquery(first.values("starts_at")[:1]),
        next_free=Subquery(
            first.annotate(free=F("capacity") - F("places_taken")).values("free")[:1],
            output_field=IntegerField(),
        ),
        upcoming_dates=Coalesce(
            Subquery(
                upcoming.order_by()
                .values("opportunity")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    ).order_by(F("next_start").asc(nulls_last=True), "title_en", "pk")


NEXT_SHIFTS = 12
ALL_SHIFTS = 400  # a year of daily shifts: "all dates" stays one bounded page


def next_shifts(opportunity, *, now=None, limit: int = NEXT_SHIFTS):
    """The opportunity's next shifts (free or full, so students can join a waitlist)."""
    return list(opportunity.shifts.upcoming(now).order_by("starts_at")[:limit])


def upcoming_shift_count(opportunity, *, now=None) -> int:
    return opportunity.shifts.upcoming(now).count()


def signups_by_shift(user, shifts) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        s.shift_id: s
        for s in SignUp.objects.filter(student=user, shift__in=shifts).active()
    }


def waitlist_positions(signups) -> dict:
    """{sign-up id: position in line (1 = next)} for waitlisted sign-ups, one query."""
    waiting = [s for s in signups if s.status == SignUp.Status.WAITLISTED]
    if not waiting:
        return {}
    ahead = SignUp.objects.filter(
        status=SignUp.Status.WAITLISTED,
        shift_id__in={s.shift_id for s in waiting},
    ).values_list("shift_id", "sequence")
    by_shift = defaultdict(list)
    for shift_id, sequence in ahead:
        by_shift[shift_id].append(sequence)
    return {
        s.pk: sum(1 for seq in by_shift[s.shift_id] if seq <= s.sequence)
        for s in waiting
    }


def student_signups(user, *, now=None):
    """The student's sign-ups, upcoming first, each with its waitlist position."""
    now = now or timezone.now()
    signups = list(
        SignUp.objects.filter(student=user)
        .active()
        .select_related(
            "shift__opportunity__organisation",
            "shift__opportunity__initiative",
            "shift__opportunity__campus",
        )
        .order_by("shift__starts_at")
    )
    positions = waitlist_positions(signups)
    for signup in signups:
        signup._waitlist_position = positions.get(signup.pk)
    upcoming = [s for s in signups if s.shift.ends_at > now]
    past = [s for s in signups if s.shift.ends_at <= now][::-1]
    return upcoming, past


def student_hours(user):
    return list(
        HoursLog.objects.filter(student=user)
        .select_related("opportunity")
        .order_by("-date", "-pk")
    )


def opportunities_for_hours(user):
    """Opportunities the student may log extra hours for."""
    return (
        Opportunity.objects.filter(
            shifts__signups__student=user,
            shifts__signups__status__in=[
                SignUp.Status.CONFIRMED,
                SignUp.Status.ATTENDED,
            ],
        )
        .distinct()
        .order_by("title_en")
    )


# Organisers ------------------------------------------------------------------------


def organiser_opportunities(user):
    """What `user` organises (as partner contact or initiative member), with counts."""
    from engage.volunteering.permissions import organiser_scope

    now = timezone.now()
    return (
        Opportunity.objects.filter(organiser_scope(user))
        .select_related("organisation", "initiative", "campus")
        .annotate(
            upcoming_shifts=Count(
                "shifts",
                filter=Q(
                    shifts__starts_at__gt=now, shifts__status=Shift.Status.SCHEDULED
                ),
                distinct=True,
            ),
            pending_hours=Count(
                "hours_logs",
                filter=Q(hours_logs__status=HoursLog.Status.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("status", "title_en")
    )


def organiser_shift(shift_pk, user=None):
    """One shift with its sign-ups (waitlist order), scoped to what `user` organises
    (no user: a signed link already proved the right to see it).
    """
    from engage.volunteering.permissions import shift_scope

    shifts = Shift.objects.select_related(
        "opportunity__organisation", "opportunity__initiative", "opportunity__campus"
    ).prefetch_related(
        Prefetch(
            "signups",
            queryset=SignUp.objects.select_related("student").order_by("sequence"),
        )
    )
    if user is not None:
        shifts = shifts.filter(shift_scope(user))
    return shifts.get(pk=shift_pk)


# The student's engagement record ---------------------------------------------------


@dataclass
class EngagementRecord:
    """A student's engagement: what is done (the certificate) and what is coming."""

    items: list = field(default_factory=list)
    kind_labels: dict = field(default_factory=lambda: dict(KIND_LABELS))

    @property
    def completed(self) -> list:
        """What a certificate may say the student took part in."""
        return [item for item in self.items if item.certifiable]

    @property
    def upcoming(self) -> list:
        """Booked, in progress or waiting for approval: shown, never certified."""
        return [item for item in self.items if not item.certifiable]

    @property
    def total_hours(self) -> Decimal:
        return sum(
            (Decimal(item.approved_hours or 0) for item in self.completed),
            Decimal("0"),
        ).quantize(Decimal("0.01"))

    def _grouped(self, items):
        groups = defaultdict(list)
        for item in items:
            groups[item.kind].append(item)
        return [
            (kind, self.kind_labels.get(kind, kind), groups[kind])
            for kind in sorted(
                groups,
                key=lambda k: list(KIND_LABELS).index(k) if k in KIND_LABELS else 99,
            )
        ]

    def by_kind(self):
        return self._grouped(self.completed)

    def upcoming_by_kind(self):
        return self._grouped(self.upcoming)


def engagement_record(user) -> EngagementRecord:
    """Everything the student did or booked, from every module's provider."""
    items = []
    for provider in engagement_record_providers:
        items.extend(provider(user) or ())
    items.sort(key=lambda item: (str(item.start or ""), str(item.title)))
    return EngagementRecord(items=items)


def calendar_events(user) -> list[CalendarEvent]:
    """Every event for the person's iCal feed, from every registered provider."""
    events = []
    for provider in calendar_event_providers:
        events.extend(provider(user) or ())
    return events


@engagement_record_providers.register(order=10)
def volunteering_engagement(user) -> list[EngagementItem]:
    """Per opportunity, one completed line (attended shifts plus approved extra
    hours) and one upcoming line (confirmed shifts still to come or to be marked).
    """
    rows = (
        SignUp.objects.filter(
            student=user,
            status__in=[SignUp.Status.CONFIRMED, SignUp.Status.ATTENDED],
            shift__status=Shift.Status.SCHEDULED,
        )
        .values("shift__opportunity", "status")
        .annotate(
            first=Min("shift__starts_at"),
            last=Max("shift__starts_at"),
            hours=Sum("hours"),
            shifts=Count("pk"),
        )
    )
    attended, booked = {}, {}
    for row in rows:
        target = attended if row["status"] == SignUp.Status.ATTENDED else booked
        target[row["shift__opportunity"]] = row
    extra = {
        row["opportunity"]: row
        for row in HoursLog.objects.filter(student=user)
        .approved()
        .values("opportunity")
        .annotate(hours=Sum("hours"), first=Min("date"), last=Max("date"))
    }
    ids = set(attended) | set(booked) | set(extra)
    if not ids:
        return []
    opportunities = Opportunity.objects.select_related(
        "organisation", "initiative"
    ).in_bulk(ids)
    items = []
    for pk, opportunity in opportunities.items():
        url = reverse("volunteering:opportunity", kwargs={"pk": pk})
        done = [row for row in (attended.get(pk), extra.get(pk)) if row]
        hours = sum((row["hours"] or Decimal("0") for row in done), Decimal("0"))
        if done and hours > 0:
            items.append(
                EngagementItem(
                    kind="volunteering",
                    title=opportunity.title,
                    organisation=opportunity.organiser_name,
                    start=min(_as_date(row["first"]) for row in done),
                    end=max(_as_date(row["last"]) for row in done),
                    approved_hours=hours.quantize(Decimal("0.01")),
                    status=str(_("Completed")),
                    url=url,
                    completed=True,
                )
            )
        if pk in booked:
            row = booked[pk]
            items.append(
                EngagementItem(
                    kind="volunteering",
                    title=opportunity.title,
                    organisation=opportunity.organiser_name,
                    start=_as_date(row["first"]),
                    end=_as_date(row["last"]),
                    approved_hours=Decimal("0.00"),
                    status=str(
                        ngettext(
                            "%(count)s shift booked",
                            "%(count)s shifts booked",
                            row["shifts"],
                        )
                        % {"count": row["shifts"]}
                    ),
                    url=url,
                )
            )
    return items


def _as_date(value):
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        return timezone.localtime(value).date()
    return value


@calendar_event_providers.register(order=10)
def volunteering_calendar(user) -> list[CalendarEvent]:
    """One event per confirmed (or attended) shift, linking back to its opportunity."""
    language = getattr(user, "preferred_language", "") or "nl"
    signups = SignUp.objects.filter(
        student=user,
        status__in=[SignUp.Status.CONFIRMED, SignUp.Status.ATTENDED],
        shift__status=Shift.Status.SCHEDULED,
    ).select_related(
        "shift__opportunity__organisation",
        "shift__opportunity__initiative",
        "shift__opportunity__campus",
    )
    events = []
    with translation.override(language):
        for signup in signups:
            shift = signup.shift
            opportunity = shift.opportunity
            events.append(
                CalendarEvent(
                    uid=f"volunteering-shift-{shift.pk}@engage.kuleuven.be",
                    summary=f"{opportunity.title} ({opportunity.organiser_name})",
                    start=shift.starts_at,
                    end=shift.ends_at,
                    url=absolute_url(
                        reverse(
                            "volunteering:opportunity", kwargs={"pk": opportunity.pk}
                        )
                    )
                    + f"#shift-{shift.pk}",
                    description=str(_("KOTengage volunteering shift")),
                    location=shift.location,
                )
            )
    return events


def initiatives_for_member(user):
    return (
        StudentInitiative.objects.for_member(user)
        .select_related("sponsor_staff", "sponsor_organisation")
        .order_by("name")
    )
