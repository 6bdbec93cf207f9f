"""What the Science Shop contributes to shared screens, through the registries.

Each provider runs a constant number of queries, whatever the number of questions.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.scoping import is_coordinator, is_lecturer, is_student
from engage.core.emails import absolute_url
from engage.core.registry import (
    CalendarEvent,
    EngagementItem,
    calendar_event_providers,
    engagement_record_providers,
    my_engage_sections,
)
from partners.activity import ActivitySection, partner_activity_providers
from partners.portal import partner_portal_sections
from science_shop import selectors
from science_shop.models import Milestone, ResearchQuestion
from science_shop.permissions import question_scope

EVENT_DOMAIN = getattr(settings, "ENGAGE_CALENDAR_DOMAIN", "engage.kuleuven.be")


@partner_activity_providers.register(order=300)
def research_questions_activity(organisation, user):
    """The organisation's research questions in its 360° view (coordinators)."""
    if not is_coordinator(user):
        return None
    queryset = ResearchQuestion.objects.filter(organisation=organisation).filter(
        question_scope(user)
    )
    total = queryset.count()
    if not total:
        return None
    questions = list(queryset.select_related("faculty").order_by("-created_at")[:10])
    index = reverse("science_shop_questions:index")
    rows = [
        {
            "title": q.display_title,
            "reference": q.reference,
            "status": q.get_status_display(),
            "date": q.created_at.date(),
            "url": reverse("science_shop_questions:inspect", args=[q.pk]),
        }
        for q in questions
    ]
    return ActivitySection(
        title=str(_("Research questions")),
        template="science_shop/partners/activity_section.html",
        context={"questions": questions},
        rows=rows,
        count=total,
        url=f"{index}?organisation={organisation.pk}",
    )


@partner_portal_sections.register(order=300)
def research_questions_portal(request, organisation):
    """The organisation's questions on the partner portal home."""
    questions = list(
        ResearchQuestion.objects.filter(organisation=organisation).order_by(
            "-created_at"
        )
    )
    if not questions:
        return None
    return {
        "title": str(_("Research questions")),
        "items": [
            (
                f"{q.reference} {q.title} ({q.get_status_display()})",
                reverse("science_shop:partner_question", args=[q.pk]),
            )
            for q in questions
        ],
    }


def _all_day(day: datetime.date):
    return day, day + datetime.timedelta(days=1)


@calendar_event_providers.register(order=300)
def milestone_events(user):
    """Kick-off, interim and final dates of the projects `user` takes part in."""
    if not (is_student(user) or is_lecturer(user)):
        return []
    milestones = (
        Milestone.objects.filter(
            question__in=ResearchQuestion.objects.for_participant(user).values("pk")
        )
        .select_related("question")
        .order_by("due_date")
    )
    events = []
    for milestone in milestones:
        start, end = _all_day(milestone.due_date)
        question = milestone.question
        events.append(
            CalendarEvent(
                uid=f"science-shop-milestone-{milestone.pk}@{EVENT_DOMAIN}",
                summary=f"{milestone.get_kind_display()}: {question.display_title}",
                start=start,
                end=end,
                url=absolute_url(reverse("science_shop:project", args=[question.pk])),
                description=str(_("Science Shop project %(reference)s"))
                % {"reference": question.reference},
            )
        )
    return events


DELIVERED = (
    ResearchQuestion.Status.DELIVERED,
    ResearchQuestion.Status.PUBLISHED,
    ResearchQuestion.Status.CLOSED,
)


@engagement_record_providers.register(order=300)
def science_shop_projects(user):
    """The student's Science Shop projects (confirmed matches) on their record."""
    if not is_student(user):
        return []
    questions = (
        ResearchQuestion.objects.filter(
            student_matches__student=user,
            student_matches__confirmed_at__isnull=False,
            status__in=[
                ResearchQuestion.Status.IN_PROGRESS,
                ResearchQuestion.Status.DELIVERED,
                ResearchQuestion.Status.PUBLISHED,
                ResearchQuestion.Status.CLOSED,
            ],
        )
        .select_related("organisation")
        .prefetch_related("milestones")
        .distinct()
        .order_by("status_changed_at")
    )
    items = []
    for question in questions:
        dates = {m.kind: m.due_date for m in question.milestones.all()}
        start = dates.get(Milestone.Kind.KICKOFF)
        end = (
            timezone.localdate(question.delivered_at) if question.delivered_at else None
        )
        end = end or dates.get(Milestone.Kind.FINAL)
        if start and end and end < start:
            # Delivered before a planned kick-off (refused since): the work ran
            # until the delivery, so that is where the engagement starts too.
            start = end
        items.append(
            EngagementItem(
                kind="science_shop",
                title=question.display_title,
                organisation=question.public_organisation_name,
                start=start,
                end=end,
                approved_hours=None,  # a project is not counted in hours
                status=question.get_status_display(),
                url=absolute_url(reverse("science_shop:project", args=[question.pk])),
                completed=question.status in DELIVERED,
            )
        )
    return items


@my_engage_sections.register(order=300)
def my_science_shop(request):
    """Students: their interests and projects. Supervisors: their supervisions."""
    user = request.user
    student, lecturer = is_student(user), is_lecturer(user)
    if not (student or lecturer):
        return None
    projects = selectors.participant_questions(user)
    interests = selectors.student_interests(user) if student else []
    return {
        "title": str(_("Science Shop")),
        "template": "science_shop/my/section.html",
        "context": {
            "projects": [q for q in projects if q.supervisor_id != user.pk],
            "supervisions": [q for q in projects if q.supervisor_id == user.pk],
            "interests": interests,
            "is_student": student,
            "is_lecturer": lecturer,
        },
    }
