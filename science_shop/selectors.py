"""Reads: scoped to the person asking, with their relations loaded up front.

Every listing here runs the same number of queries whatever its number of rows.
"""

from django.db.models import Count, F, Min, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from science_shop.models import (
    Interest,
    Message,
    Milestone,
    ResearchQuestion,
    StatusChange,
    StudentMatch,
)
from science_shop.permissions import question_scope

LISTING_RELATIONS = ("organisation", "faculty", "academic_year")
LISTING_PREFETCH = ("disciplines", "sdgs", "target_groups", "languages")


def public_open_questions():
    """Questions open for students, as the public listing shows them."""
    return (
        ResearchQuestion.objects.open_for_students()
        .select_related(*LISTING_RELATIONS)
        .prefetch_related(*LISTING_PREFETCH)
        .order_by("-status_changed_at", "-pk")
    )


def public_results():
    """Published results (lay summaries) for the public results page."""
    return (
        ResearchQuestion.objects.published()
        .select_related(*LISTING_RELATIONS)
        .prefetch_related("disciplines", "sdgs")
        .order_by("-published_at", "-pk")
    )


def admin_questions(user):
    """The admin listing: what `user` may see, with what each row shows."""
    return (
        ResearchQuestion.objects.filter(question_scope(user))
        .select_related(
            "organisation",
            "faculty",
            "academic_year",
            "referred_to",
            "referred_from",
            "coordinator",
            "supervisor",
        )
        .prefetch_related("disciplines")
    )


def question_detail(pk):
    return (
        ResearchQuestion.objects.select_related(
            *LISTING_RELATIONS,
            "contact",
            "coordinator",
            "supervisor",
            "referred_to",
            "referred_from",
        )
        .prefetch_related(*LISTING_PREFETCH, "preferred_disciplines")
        .get(pk=pk)
    )


def question_history(question):
    return list(
        StatusChange.objects.filter(question=question)
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def question_messages(question):
    return list(
        Message.objects.filter(question=question)
        .select_related("author", "reply_to")
        .order_by("created_at", "pk")
    )


def question_interests(question):
    return list(
        Interest.objects.filter(question=question)
        .select_related("student")
        .order_by("created_at")
    )


def question_matches(question):
    return list(
        StudentMatch.objects.filter(question=question)
        .select_related("student")
        .order_by("created_at")
    )


def question_milestones(question):
    return list(Milestone.objects.filter(question=question).order_by("due_date"))


# The board's columns, in the order of the workflow.
PIPELINE = [
    ResearchQuestion.Status.SUBMITTED,
    ResearchQuestion.Status.INTAKE,
    ResearchQuestion.Status.ACCEPTED,
    ResearchQuestion.Status.ARTICULATED,
    ResearchQuestion.Status.OPEN,
    ResearchQuestion.Status.MATCHED,
    ResearchQuestion.Status.IN_PROGRESS,
    ResearchQuestion.Status.DELIVERED,
    ResearchQuestion.Status.PUBLISHED,
    ResearchQuestion.Status.CLOSED,
    ResearchQuestion.Status.DECLINED,
    ResearchQuestion.Status.REFERRED,
]
BOARD_CARDS_PER_STATE = 8


def pipeline_board(user, *, now=None) -> dict:
    """Counts per state, the oldest and average age in each state, the latest
    cards per state and every question whose intake is overdue.

    Three queries whatever the number of questions: the counts, the overdue list
    and the cards (a window function ranks each state's questions).
    """
    now = now or timezone.now()
    scoped = ResearchQuestion.objects.filter(question_scope(user))
    rows = {
        row["status"]: row
        for row in scoped.values("status").annotate(
            count=Count("pk"),
            oldest=Min("status_changed_at"),
        )
    }
    overdue = list(
        scoped.intake_overdue(now).select_related("organisation").order_by("created_at")
    )
    overdue_ids = {q.pk for q in overdue}
    cards = {}
    # The longest-waiting questions of each open state: those need attention.
    ranked = (
        scoped.exclude(
            status__in=[
                ResearchQuestion.Status.CLOSED,
                ResearchQuestion.Status.DECLINED,
                ResearchQuestion.Status.REFERRED,
            ]
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("status_changed_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=BOARD_CARDS_PER_STATE)
        .select_related("organisation")
        .order_by("status", "status_changed_at", "pk")
    )
    for question in ranked:
        cards.setdefault(question.status, []).append(question)
    columns = []
    for status in PIPELINE:
        row = rows.get(status, {})
        oldest = row.get("oldest")
        columns.append(
            {
                "status": status,
                "label": ResearchQuestion.Status(status).label,
                "count": row.get("count", 0),
                "oldest_days": (now - oldest).days if oldest else None,
                "cards": cards.get(status, []),
                "overdue": sum(1 for q in cards.get(status, []) if q.pk in overdue_ids),
            }
        )
    return {
        "columns": columns,
        "overdue": overdue,
        "overdue_ids": overdue_ids,
        "total": sum(c["count"] for c in columns),
    }


def participant_questions(user):
    """The student's or supervisor's own Science Shop projects."""
    return list(
        ResearchQuestion.objects.for_participant(user)
        .select_related("organisation", "supervisor", "academic_year")
        .prefetch_related(
            Prefetch(
                "student_matches",
                queryset=StudentMatch.objects.select_related("student"),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date")),
        )
        .order_by("-status_changed_at")
    )


def student_interests(user):
    return list(
        Interest.objects.filter(student=user)
        .select_related("question")
        .order_by("-created_at")
    )


def adoptable_questions(user):
    """Articulated or open questions without a supervisor, in the user's
    declared disciplines."""
    profile = getattr(user, "science_shop_supervisor", None)
    if profile is None:
        return ResearchQuestion.objects.none()
    return (
        ResearchQuestion.objects.filter(
            status__in=[
                ResearchQuestion.Status.ARTICULATED,
                ResearchQuestion.Status.OPEN,
            ],
            supervisor__isnull=True,
            disciplines__in=profile.disciplines.all(),
        )
        .distinct()
        .select_related(*LISTING_RELATIONS)
        .prefetch_related("disciplines")
        .order_by("-status_changed_at")
    )


def organisation_questions(organisation, user, *, limit=10):
    """The organisation's questions for the partner 360° view."""
    queryset = ResearchQuestion.objects.filter(organisation=organisation)
    counts = queryset.aggregate(
        total=Count("pk"),
        active=Count(
            "pk",
            filter=~Q(
                status__in=[
                    ResearchQuestion.Status.CLOSED,
                    ResearchQuestion.Status.DECLINED,
                    ResearchQuestion.Status.REFERRED,
                ]
            ),
        ),
    )
    rows = list(queryset.select_related("faculty").order_by("-created_at")[:limit])
    return counts, rows
