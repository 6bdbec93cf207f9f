"""A known data set across every module, built with each module's factories.

Y is 2026-2027 (14 Sep 2026 to 13 Sep 2027), P the year before. The figures the
report must give are worked out by hand in tests/impact/test_metrics.py.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from engage.accounts.factories import StudentFactory
from engage.taxonomy.models import SDG, TargetGroup
from engage.university.models import AcademicYear, Campus, Faculty, Programme
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    StudentInitiativeFactory,
    brussels_time,
)
from engage.volunteering.models import HoursLog, Shift, SignUp
from partners.factories import InteractionFactory, OrganisationFactory
from placements.factories import CourseFactory, EnrolmentFactory, OfferFactory
from placements.models import HourEntry, Placement
from science_shop.factories import home_shop, question_in_state
from science_shop.models import ResearchQuestion, ScienceShop


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return brussels_time(day, hour)


D = datetime.date


@dataclass
class World:
    year: AcademicYear
    previous: AcademicYear
    orgs: dict = field(default_factory=dict)
    students: dict = field(default_factory=dict)
    courses: dict = field(default_factory=dict)
    offers: dict = field(default_factory=dict)
    questions: dict = field(default_factory=dict)
    opportunities: dict = field(default_factory=dict)

    def place(self, name, course, offer, *, activated=None, status=None, **kwargs):
        enrolment = EnrolmentFactory(
            course=self.courses[course], student=self.students[name]
        )
        return Placement.objects.create(
            enrolment=enrolment,
            course=enrolment.course,
            student=enrolment.student,
            offer=self.offers[offer],
            status=status
            or (Placement.Status.ACTIVE if activated else Placement.Status.PROPOSED),
            activated_at=at(activated) if activated else None,
            **kwargs,
        )


def hours(placement, day, amount, status=HourEntry.Status.APPROVED):
    return HourEntry.objects.create(
        placement=placement,
        date=day,
        hours=Decimal(amount),
        activity="Homework support",
        status=status,
        rejection_reason="Not done" if status == HourEntry.Status.REJECTED else "",
    )


def attend(shift, student, sequence, status=SignUp.Status.ATTENDED):
    return SignUp.objects.create(
        shift=shift,
        student=student,
        status=status,
        sequence=sequence,
        hours=shift.duration_hours if status == SignUp.Status.ATTENDED else 0,
    )


def build_world() -> World:
    year = AcademicYear.objects.get(label="2026-2027")
    previous = AcademicYear.objects.get(label="2025-2026")
    world = World(year=year, previous=previous)
    faculties = {f.code: f for f in Faculty.objects.all()}
    campuses = {c.code: c for c in Campus.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    sdgs = {s.number: s for s in SDG.objects.all()}

    o = world.orgs
    o["a"] = OrganisationFactory(name="Org A", sdgs=[sdgs[1]])
    o["b"] = OrganisationFactory(name="Org B", sdgs=[sdgs[10]])
    o["c"] = OrganisationFactory(name="Org C")
    o["d"] = OrganisationFactory(name="Org D")
    o["e"] = OrganisationFactory(name="Org E")
    o["f"] = OrganisationFactory(name="Org F")
    for name in ("s1", "s2", "s3", "s4", "s5", "s6", "s8", "ss1", "ss2", "v1", "v2"):
        world.students[name] = StudentFactory(email=f"{name}@student.example")
    world.students["v4"] = StudentFactory(email="v4@student.example")

    # Service-learning.
    arts_programme = Programme.objects.filter(
        faculty=faculties["ARTS"], is_active=True
    ).first()
    law_programme = Programme.objects.filter(
        faculty=faculties["LAW"], is_active=True
    ).first()
    c = world.courses
    c["c1"] = CourseFactory(
        academic_year=year,
        faculty=faculties["ARTS"],
        campus=campuses["LEU"],
        programmes=[arts_programme],
    )
    c["c2"] = CourseFactory(
        academic_year=year, faculty=faculties["ARTS"], campus=campuses["LEU"]
    )
    c["c3"] = CourseFactory(
        academic_year=year,
        faculty=faculties["LAW"],
        campus=campuses["BXL"],
        programmes=[law_programme],
    )
    c["c4"] = CourseFactory(academic_year=year, faculty=faculties["SOC"])
    c["c5"] = CourseFactory(academic_year=previous, faculty=faculties["LAW"])
    f = world.offers
    f["o1"] = OfferFactory(
        organisation=o["a"],
        academic_year=year,
        courses=[c["c1"]],
        target_groups=[groups["children-youth"]],
    )
    f["o2"] = OfferFactory(
        organisation=o["b"],
        academic_year=year,
        courses=[c["c2"]],
        target_groups=[groups["detainees"]],
    )
    f["o3"] = OfferFactory(organisation=o["b"], academic_year=year, courses=[c["c3"]])
    f["o4"] = OfferFactory(organisation=o["e"], academic_year=year, courses=[c["c4"]])
    f["o5"] = OfferFactory(
        organisation=o["b"], academic_year=previous, courses=[c["c5"]]
    )
    p1 = world.place("s1", "c1", "o1", activated=D(2026, 10, 1))
    p2 = world.place("s2", "c1", "o1", activated=D(2026, 10, 2))
    p3 = world.place(
        "s3",
        "c2",
        "o2",
        activated=D(2026, 10, 3),
        status=Placement.Status.WITHDRAWN,
        end_reason="Moved abroad",
    )
    world.place("s1", "c3", "o3", activated=D(2027, 2, 1))  # s1 again, in Law
    world.place("s4", "c4", "o4")  # proposed: Social Sciences has no pathway
    world.place("s5", "c3", "o3", status=Placement.Status.CONFIRMED)
    p6 = world.place("s6", "c5", "o5", activated=D(2025, 10, 1))
    # A course of Y whose placement started before Y began: counts in P by its
    # start, but for no year's pathway (the course is not of P).
    world.place("s8", "c2", "o2", activated=D(2026, 9, 10))
    hours(p1, D(2026, 10, 10), "3")
    hours(p1, D(2026, 9, 1), "4")  # dated in P
    hours(p1, D(2026, 10, 20), "2", HourEntry.Status.PENDING)
    hours(p1, D(2026, 10, 21), "1.5", HourEntry.Status.REJECTED)
    hours(p2, D(2026, 10, 12), "2.5")
    hours(p3, D(2026, 10, 15), "1")
    hours(p6, D(2025, 11, 1), "5")

    # Science Shop.
    home_shop()
    other_shop = (
        ScienceShop.objects.filter(is_home=False).order_by("sort_order").first()
    )
    q = world.questions
    q["q1"] = question_in_state(
        ResearchQuestion.Status.PUBLISHED,
        organisation=o["c"],
        faculty=faculties["SOC"],
        academic_year=year,
        students=[world.students["ss1"], world.students["s1"]],
        when=at(D(2026, 11, 20)),
    )
    q["q1"].target_groups.set([groups["older-people"]])
    q["q1"].sdgs.set([sdgs[3]])
    q["q2"] = question_in_state(
        ResearchQuestion.Status.REFERRED, organisation=o["c"], when=at(D(2026, 10, 15))
    )
    q["q3"] = question_in_state(
        ResearchQuestion.Status.SUBMITTED,
        organisation=o["c"],
        referred_from=other_shop,
        when=at(D(2026, 11, 2)),
    )
    q["q4"] = question_in_state(
        ResearchQuestion.Status.DELIVERED,
        organisation=o["f"],
        faculty=faculties["ARTS"],
        academic_year=previous,
        students=[world.students["ss2"]],
        when=at(D(2026, 5, 1)),
    )
    received = {
        "q1": D(2026, 9, 20),
        "q2": D(2026, 10, 1),
        "q3": D(2026, 11, 2),
        "q4": D(2025, 12, 1),
    }
    for key, day in received.items():
        ResearchQuestion.objects.filter(pk=q[key].pk).update(created_at=at(day))

    # Volunteering.
    v = world.opportunities
    v["opp1"] = OpportunityFactory(
        organisation=o["a"],
        campus=campuses["LEU"],
        target_groups=[groups["children-youth"]],
    )
    v["opp1"].sdgs.set([sdgs[4]])
    initiative = StudentInitiativeFactory()
    v["opp2"] = OpportunityFactory(
        organisation=None, initiative=initiative, campus=campuses["LEU"]
    )
    v["opp3"] = OpportunityFactory(organisation=o["a"], campus=campuses["LEU"])
    shift1 = ShiftFactory(opportunity=v["opp1"], starts_at=at(D(2026, 10, 20), 18))
    ShiftFactory(
        opportunity=v["opp1"],
        starts_at=at(D(2026, 10, 27), 18),
        status=Shift.Status.CANCELLED,
    )
    shift3 = ShiftFactory(opportunity=v["opp2"], starts_at=at(D(2026, 11, 5), 14))
    shift_p = ShiftFactory(opportunity=v["opp3"], starts_at=at(D(2026, 3, 10), 14))
    s = world.students
    attend(shift1, s["v1"], 1)
    attend(shift1, s["s2"], 2)
    attend(shift1, s["v2"], 3, SignUp.Status.NO_SHOW)
    attend(shift3, s["v1"], 1)
    attend(shift_p, s["v4"], 1)
    HoursLog.objects.create(
        student=s["v1"],
        opportunity=v["opp1"],
        date=D(2026, 11, 1),
        hours=Decimal("1.5"),
        description="Preparation",
        status=HoursLog.Status.APPROVED,
    )
    HoursLog.objects.create(
        student=s["v1"],
        opportunity=v["opp1"],
        date=D(2026, 11, 2),
        hours=Decimal("2"),
        description="Extra visit",
    )

    # The partner CRM.
    InteractionFactory(organisation=o["d"], date=D(2026, 10, 5))
    return world


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Figures are cached per year and language: each test counts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(reference_data):
    return build_world()


@pytest.fixture
def world_is_current(world):
    """Make Y the current year (the public page and the dashboard show it)."""
    AcademicYear.objects.update(is_current=False)
    AcademicYear.objects.filter(pk=world.year.pk).update(is_current=True)
    world.year.refresh_from_db()
    return world


def add_volume(world: World, n: int) -> None:
    """`n` more students, each placed (with hours) and volunteering in Y."""
    course, offer = world.courses["c1"], world.offers["o1"]
    shift = Shift.objects.filter(opportunity=world.opportunities["opp1"]).first()
    base = SignUp.objects.filter(shift=shift).count()
    for index in range(n):
        student = StudentFactory()
        enrolment = EnrolmentFactory(course=course, student=student)
        placement = Placement.objects.create(
            enrolment=enrolment,
            course=course,
            student=student,
            offer=offer,
            status=Placement.Status.ACTIVE,
            activated_at=timezone.make_aware(datetime.datetime(2026, 11, 1, 9)),
        )
        hours(placement, D(2026, 11, 3), "2")
        hours(placement, D(2026, 11, 4), "1", HourEntry.Status.PENDING)
        attend(shift, student, base + index + 1)
