"""What service-learning contributes to shared screens through the registries:
My Engage, the iCal feed, the engagement record, the partner 360° view and the
partner portal. Each provider runs a constant number of queries."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from engage.accounts.scoping import is_coordinator, is_lecturer, is_student
from engage.core.emails import absolute_url
from engage.core.models import localized
from engage.core.privacy import suppress_small
from engage.core.registry import (
    CalendarEvent,
    EngagementItem,
    calendar_event_providers,
    engagement_record_providers,
    my_engage_sections,
)
from partners.activity import ActivitySection, partner_activity_providers
from partners.portal import partner_portal_sections
from placements import selectors
from placements.models import HourEntry, Placement
from placements.permissions import partner_organisation_ids, placement_scope

CALENDAR_STATUSES = (
    Placement.Status.CONFIRMED,
    Placement.Status.AGREEMENT_SIGNED,
    Placement.Status.ACTIVE,
    Placement.Status.COMPLETED,
    Placement.Status.EVALUATED,
)


@my_engage_sections.register(order=20)
def my_service_learning_section(request):
    """Students: "My service-learning" with their courses and placements."""
    user = request.user
    if not is_student(user):
        return None
    enrolments = list(selectors.student_enrolments(user)[:10])
    if not enrolments:
        return None
    return {
        "title": _("My service-learning"),
        "template": "placements/sections/student.html",
        "enrolments": enrolments,
        "url": reverse("placements:my"),
    }


@my_engage_sections.register(order=21)
def my_courses_section(request):
    """Lecturers: "My courses" with head counts."""
    user = request.user
    if not is_lecturer(user):
        return None
    courses = list(selectors.lecturer_courses(user)[:10])
    if not courses:
        return None
    return {
        "title": _("My courses"),
        "template": "placements/sections/lecturer.html",
        "courses": courses,
        "url": reverse("placements:lecturer"),
    }


@my_engage_sections.register(order=22)
def partner_service_learning_section(request):
    """Partner contacts: their students, hours and agreements."""
    if not partner_organisation_ids(request.user):
        return None
    return {
        "title": _("Service-learning at your organisation"),
        "items": [(_("Students, hours and agreements"), reverse("placements:partner"))],
    }


@calendar_event_providers.register
def placement_periods(user):
    """A student's placement periods as all-day events."""
    if not getattr(user, "is_authenticated", False):
        return []
    placements = (
        Placement.objects.filter(student=user, status__in=CALENDAR_STATUSES)
        .select_related("offer__organisation", "course")
        .order_by("offer__start_date", "pk")
    )
    return [
        CalendarEvent(
            uid=f"sl-placement-{p.pk}@engage.kuleuven.be",
            summary=_("Service-learning: %(title)s") % {"title": p.offer.title},
            start=p.offer.start_date,
            end=p.offer.end_date + datetime.timedelta(days=1),
            url=absolute_url(reverse("placements:placement", kwargs={"pk": p.pk})),
            description=f"{p.offer.organisation.name} · {localized(p.course, 'title')}",
            location=p.offer.address or p.offer.organisation.city,
        )
        for p in placements
    ]


@engagement_record_providers.register
def service_learning_record(user):
    """Placements with approved hours (or completed) for the engagement record."""
    if not getattr(user, "is_authenticated", False):
        return []
    placements = selectors.with_hours(
        Placement.objects.filter(
            student=user, status__in=Placement.PLACE_HOLDING_STATUSES
        ).select_related("offer__organisation", "course")
    ).order_by("offer__start_date", "pk")
    items = []
    for placement in placements:
        done = placement.status in (
            Placement.Status.COMPLETED,
            Placement.Status.EVALUATED,
        )
        if not placement.approved_hours and not done:
            continue
        items.append(
            EngagementItem(
                kind="service_learning",
                title=localized(placement.course, "title"),
                organisation=placement.offer.organisation.name,
                start=placement.offer.start_date,
                end=placement.offer.end_date,
                approved_hours=Decimal(placement.approved_hours),
                status=placement.get_status_display(),
                url=absolute_url(
                    reverse("placements:placement", kwargs={"pk": placement.pk})
                ),
                completed=done,
            )
        )
    return items


@partner_activity_providers.register(order=30)
def placements_hosted(organisation, user):
    """The partner 360° view: students placed at this organisation (the
    coordinator's faculties only)."""
    if not is_coordinator(user):
        return None
    placements = Placement.objects.filter(
        placement_scope(user), offer__organisation=organisation
    )
    counts = placements.aggregate(
        total=Count("pk"),
        live=Count("pk", filter=Q(status__in=Placement.OPEN_STATUSES)),
        done=Count(
            "pk",
            filter=Q(
                status__in=[Placement.Status.COMPLETED, Placement.Status.EVALUATED]
            ),
        ),
    )
    if not counts["total"]:
        return None
    recent = list(
        placements.select_related("student", "course__academic_year", "offer").order_by(
            "-course__academic_year__start_date", "-pk"
        )[:10]
    )
    listing = reverse("sl_placements:index") + f"?organisation={organisation.pk}"
    rows = [
        {
            "label": f"{p.student.get_full_name()} · {p.offer.title}",
            "detail": f"{p.course.code} {p.course.academic_year.label}",
            "status": p.get_status_display(),
            "url": reverse("sl_placements:inspect", args=[p.pk]),
        }
        for p in recent
    ]
    return ActivitySection(
        title=_("Placements hosted"),
        template="placements/sections/partner_activity.html",
        context={"counts": counts},
        rows=rows,
        count=counts["total"],
        url=listing,
    )


@partner_portal_sections.register(order=30)
def partner_portal_section(request, organisation):
    """The partner portal home: what waits for this organisation."""
    if organisation.pk not in partner_organisation_ids(request.user):
        return None
    base = Placement.objects.filter(offer__organisation=organisation)
    counts = base.aggregate(
        to_accept=Count(
            "pk",
            filter=Q(
                status=Placement.Status.PROPOSED, partner_accepted_at__isnull=True
            ),
        ),
        to_sign=Count(
            "pk",
            filter=Q(status=Placement.Status.CONFIRMED, mentor_signed_at__isnull=True),
        ),
        to_evaluate=Count(
            "pk",
            filter=Q(status=Placement.Status.COMPLETED, mentor_evaluation__isnull=True),
        ),
        placed=Count("pk", filter=Q(status__in=Placement.OPEN_STATUSES)),
    )
    hours = HourEntry.objects.filter(
        placement__offer__organisation=organisation, status=HourEntry.Status.PENDING
    ).count()
    url = reverse("placements:partner")
    return {
        "title": _("Service-learning"),
        "items": [
            # A statistic, so small counts are suppressed; the to-do counts below
            # are the partner's own work queue and stay exact.
            (
                _("Students placed: %(n)s") % {"n": suppress_small(counts["placed"])},
                url,
            ),
            (_("Students to accept: %(n)s") % {"n": counts["to_accept"]}, url),
            (_("Hours to approve: %(n)s") % {"n": hours}, url),
            (_("Agreements to sign: %(n)s") % {"n": counts["to_sign"]}, url),
            (_("Evaluations to give: %(n)s") % {"n": counts["to_evaluate"]}, url),
        ],
    }
