"""Scoped, prefetched reads: a listing's query count never grows with its rows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from placements.allocation import OfferInput, StudentInput
from placements.models import (
    AllocationRule,
    Course,
    Enrolment,
    HourEntry,
    Offer,
    Placement,
    Preference,
    Reflection,
    StudentEvaluation,
)
from placements.permissions import partner_organisation_ids

HOURS_FIELD = DecimalField(max_digits=8, decimal_places=2)


def hours_total(status: str, outer: str = "pk"):
    """Sum of a placement's hours in `status`, as a subquery (no row multiplication)."""
    total = (
        HourEntry.objects.filter(placement=OuterRef(outer), status=status)
        .order_by()
        .values("placement")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=HOURS_FIELD), Value(Decimal("0")))


def with_hours(queryset):
    """Annotate placements with approved and pending hours."""
    return queryset.annotate(
        approved_hours=hours_total(HourEntry.Status.APPROVED),
        pending_hours=hours_total(HourEntry.Status.PENDING),
    )


def placement_rows(queryset):
    """Everything a placement listing shows, in a fixed number of queries."""
    return with_hours(
        queryset.select_related(
            "student",
            "course__faculty",
            "course__academic_year",
            "course__campus",
            "offer__organisation",
            "offer__mentor",
            "enrolment__programme",
        )
    ).annotate(
        reflection_count=Coalesce(
            Subquery(
                Reflection.objects.filter(placement=OuterRef("pk"))
                .order_by()
                .values("placement")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            Value(0),
        )
    )


# Students ------------------------------------------------------------------------


def student_enrolments(user):
    """The student's courses with their ranking and live placement."""
    return (
        Enrolment.objects.filter(student=user)
        .select_related("course__academic_year", "course__faculty", "programme")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=Preference.objects.select_related("offer__organisation"),
            ),
            Prefetch(
                "placements",
                queryset=with_hours(
                    Placement.objects.live().select_related("offer__organisation")
                ),
                to_attr="live_placements",
            ),
            "languages",
        )
        .order_by("-course__academic_year__start_date", "course__code")
    )


def enrolment_ranking(enrolment) -> dict:
    """What a coordinator reads about a student's wishes: the ranked offers (with
    their status, and which one they are placed at) and the note."""
    preferences = list(
        Preference.objects.filter(enrolment=enrolment)
        .select_related("offer__organisation")
        .order_by("rank")
    )
    placed_at = set(
        Placement.objects.live()
        .filter(enrolment=enrolment)
        .values_list("offer_id", flat=True)
    )
    return {
        "preferences": preferences,
        "placed_offer_ids": placed_at,
        "note": enrolment.note,
        "submitted_at": enrolment.preferences_submitted_at,
    }


def offers_for_course(course):
    """Published offers a student of `course` may rank, with everything shown."""
    return (
        Offer.objects.for_course(course)
        .published()
        .select_related("organisation", "campus", "mentor")
        .prefetch_related("languages", "target_groups", "prerequisites")
        .order_by("organisation__name", "title_en", "pk")
    )


def placement_detail(pk):
    return (
        Placement.objects.select_related(
            "student",
            "enrolment",
            "course__faculty",
            "course__academic_year",
            "offer__organisation",
            "offer__mentor",
            "offer__campus",
            "mentor_evaluation",
            "student_evaluation",
        )
        .prefetch_related(
            "offer__prerequisites",
            "offer__languages",
            "prerequisite_checks__prerequisite",
            "course__reflection_prompts",
            "reflections",
            "hour_entries",
        )
        .get(pk=pk)
    )


# Lecturers -----------------------------------------------------------------------


def lecturer_courses(user):
    """Courses the user teaches or coordinates, with their head counts."""
    return (
        Course.objects.filter(
            Q(
                pk__in=Course.lecturers.through.objects.filter(user=user).values(
                    "course_id"
                )
            )
            | Q(coordinator=user)
        )
        .select_related("academic_year", "faculty")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            placed=Count(
                "placements",
                filter=~Q(placements__status__in=Placement.ENDED_STATUSES),
                distinct=True,
            ),
        )
        .order_by("-academic_year__start_date", "code")
    )


def course_students(course):
    """Every enrolment of a course with its live placement, hours and reflections."""
    return (
        Enrolment.objects.filter(course=course)
        .select_related("student", "programme")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=placement_rows(Placement.objects.live()),
                to_attr="live_placements",
            )
        )
        .annotate(preference_count=Count("preferences"))
        .order_by("student__last_name", "student__first_name", "pk")
    )


# Partners ------------------------------------------------------------------------


def partner_offers(user):
    return (
        Offer.objects.filter(organisation_id__in=partner_organisation_ids(user))
        .exclude(status=Offer.Status.DRAFT)
        .select_related("organisation", "academic_year", "mentor")
        .order_by("-academic_year__start_date", "organisation__name", "title_en")
    )


def partner_placements(user):
    return placement_rows(
        Placement.objects.filter(
            offer__organisation_id__in=partner_organisation_ids(user)
        )
        .live()
        .select_related("mentor_evaluation")
    ).order_by("-course__academic_year__start_date", "student__last_name", "pk")


def partner_hours_to_approve(user):
    return (
        HourEntry.objects.filter(
            placement__offer__organisation_id__in=partner_organisation_ids(user),
            status=HourEntry.Status.PENDING,
        )
        .select_related("placement__student", "placement__offer")
        .order_by("date", "pk")
    )


# Allocation ----------------------------------------------------------------------


@dataclass
class AllocationProblem:
    """The solver's input for one course, with the objects behind the ids."""

    course: Course
    students: list[StudentInput]
    offers: list[OfferInput]
    enrolments: dict[int, Enrolment]  # by student (user) id
    offer_objects: dict[int, Offer]
    rules: list[AllocationRule]


def pool_offers(course):
    """The offers an allocation for `course` may use, with their free places.

    Free places = places - confirmed - still-open proposals (of any course), so a
    new run never proposes more students than an offer can take.
    """
    return (
        Offer.objects.for_course(course)
        .exclude(status=Offer.Status.DRAFT)
        .select_related("organisation")
        .prefetch_related("languages")
        .annotate(
            pending=Count(
                "placements",
                filter=Q(placements__status=Placement.Status.PROPOSED),
            )
        )
        .order_by("pk")
    )


def free_places(offer) -> int:
    if offer.status in (Offer.Status.CLOSED, Offer.Status.DRAFT):
        return 0
    return max(offer.places - offer.places_taken - offer.pending, 0)


def allocation_problem(course) -> AllocationProblem:
    offers = list(pool_offers(course))
    offer_languages = {o.pk: {lang.pk for lang in o.languages.all()} for o in offers}
    enrolments = list(
        Enrolment.objects.filter(course=course)
        .exclude(
            pk__in=Placement.objects.live().filter(course=course).values("enrolment_id")
        )
        .select_related("student")
        .prefetch_related(
            "languages",
            Prefetch(
                "preferences",
                queryset=Preference.objects.select_related(
                    "offer__organisation"
                ).order_by("rank"),
            ),
        )
        .order_by("student_id")
    )
    rules = list(
        AllocationRule.objects.filter(course=course).select_related(
            "enrolment__student", "offer__organisation"
        )
    )
    pins = {r.enrolment_id: r.offer_id for r in rules if r.kind == r.Kind.PIN}
    forbids: dict[int, set[int]] = {}
    for rule in rules:
        if rule.kind == rule.Kind.FORBID:
            forbids.setdefault(rule.enrolment_id, set()).add(rule.offer_id)

    students = []
    for enrolment in enrolments:
        spoken = {lang.pk for lang in enrolment.languages.all()}
        preferences = [
            p for p in enrolment.preferences.all() if p.offer_id in offer_languages
        ]
        students.append(
            StudentInput(
                id=enrolment.student_id,
                preferences=tuple(p.offer_id for p in preferences),
                ranks=tuple(p.rank for p in preferences),
                eligible=frozenset(
                    offer
                    for offer, needed in offer_languages.items()
                    if needed <= spoken
                ),
                forbidden=frozenset(forbids.get(enrolment.pk, ())),
                pinned=pins.get(enrolment.pk),
            )
        )
    return AllocationProblem(
        course=course,
        students=students,
        offers=[OfferInput(o.pk, free_places(o)) for o in offers],
        enrolments={e.student_id: e for e in enrolments},
        offer_objects={o.pk: o for o in offers},
        rules=rules,
    )


# Feedback ------------------------------------------------------------------------

FEEDBACK_MIN_RESPONSES = 3


def partner_feedback(placements):
    """Students' evaluations per organisation, aggregated (never one person's).

    Organisations with fewer than FEEDBACK_MIN_RESPONSES evaluations show only
    that there are too few to report.
    """
    rows = (
        StudentEvaluation.objects.filter(placement__in=placements)
        .values(
            "placement__offer__organisation_id", "placement__offer__organisation__name"
        )
        .annotate(
            responses=Count("pk"),
            learning=Avg("learning"),
            guidance=Avg("guidance"),
            meaningfulness=Avg("meaningfulness"),
            organisation=Avg("organisation"),
            recommend=Count("pk", filter=Q(would_recommend=True)),
        )
        .order_by("placement__offer__organisation__name")
    )
    result = []
    for row in rows:
        enough = row["responses"] >= FEEDBACK_MIN_RESPONSES
        result.append(
            {
                "organisation_id": row["placement__offer__organisation_id"],
                "organisation": row["placement__offer__organisation__name"],
                "responses": row["responses"],
                "enough": enough,
                "learning": row["learning"] if enough else None,
                "guidance": row["guidance"] if enough else None,
                "meaningfulness": row["meaningfulness"] if enough else None,
                "organisation_rating": row["organisation"] if enough else None,
                "recommend_share": (
                    round(100 * row["recommend"] / row["responses"]) if enough else None
                ),
            }
        )
    return result
