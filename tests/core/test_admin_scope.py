"""Every admin screen shows a user only the rows in their scope.

The URLs are enumerated, not listed: every registered Wagtail viewset (listings,
search, filters, CSV/XLSX exports, inspect/edit/history/usage, snippet choosers)
and every other admin URL without arguments (reports, site history, global search,
dashboard). A viewset registered tomorrow is crawled without touching this file.

Rows a faculty coordinator (of Arts) must not see carry "OUTSIDE-<model>" in a
field the admin shows; rows they may see carry "INSIDE-<model>". A lecturer and a
partner contact have no admin at all: they see neither.
"""

import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.viewsets import viewsets as viewset_registry

from engage.accounts.factories import (
    CoordinatorFactory,
    FacultyCoordinatorFactory,
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.core.audit import audit
from engage.core.gdpr import erase_personal_data
from engage.impact.models import ImpactReport
from engage.university.models import AcademicYear, Faculty
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    StudentInitiativeFactory,
)
from engage.volunteering.models import HoursLog, SignUp
from partners.factories import ContactFactory, OrganisationFactory
from placements.factories import (
    CourseFactory,
    EnrolmentFactory,
    HourEntryFactory,
    OfferFactory,
    PlacementFactory,
)
from placements.models import Placement
from science_shop.factories import ResearchQuestionFactory

pytestmark = pytest.mark.django_db

MODULES = (
    "university",
    "taxonomy",
    "partners",
    "placements",
    "science_shop",
    "volunteering",
    "impact",
    "accounts",
    "admin",  # Wagtail's own screens: reports, site history, search, dashboard
)
ROLES = ("faculty_coordinator", "lecturer", "partner_contact")
OUTSIDE = re.compile(r"OUTSIDE-[a-z_]+")
ANY_MARKER = re.compile(r"(?:OUTSIDE|INSIDE)-[a-z_]+")
# GET would end the session; nothing to read there.
SKIPPED_URL_NAMES = {"logout", "wagtailadmin_error_test"}
MAX_CHOICES_PER_FILTER = 6


@dataclass
class Target:
    module: str
    url: str
    kind: str  # "page", "object", "export"
    model: type | None = None
    viewset: object = None
    params: dict = field(default_factory=dict)
    name: str = ""
    outside: bool = False  # an object URL of a row outside the coordinator's scope


# Seed data --------------------------------------------------------------------


@pytest.fixture
def seeded(reference_data):
    """One row inside and one outside an Arts coordinator's scope, per model."""
    arts = Faculty.objects.get(code="ARTS")
    other = Faculty.objects.exclude(pk=arts.pk).order_by("code").first()
    office = CoordinatorFactory(first_name="Office", last_name="Central")
    rows = {}
    for side, faculty in (("INSIDE", arts), ("OUTSIDE", other)):
        student = StudentFactory(
            first_name="Student", last_name=f"{side}-student", email=f"{side}@x.example"
        )
        course = CourseFactory(faculty=faculty, title_en=f"{side}-course")
        organisation = OrganisationFactory()
        offer = OfferFactory(
            organisation=organisation,
            mentor=ContactFactory(organisation=organisation),
            faculty=faculty,
            courses=[course],
            title=f"{side}-offer",
        )
        enrolment = EnrolmentFactory(course=course, student=student)
        placement = PlacementFactory(
            enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
        )
        hours = HourEntryFactory(placement=placement, activity=f"{side}-hourentry")
        question = ResearchQuestionFactory(
            faculty=faculty, title=f"{side}-researchquestion"
        )
        report = ImpactReport.objects.create(
            academic_year=AcademicYear.objects.current(),
            faculty=faculty,
            requested_by=StudentFactory(last_name=f"{side}-impactreport"),
        )
        rows[side] = [course, offer, enrolment, placement, hours, question, report]
        for row in rows[side]:
            audit(row, "wagtail.edit", actor=office, title=f"{side}-history")
    # KOTengage and the user accounts are the central office's: all OUTSIDE.
    volunteer = StudentFactory(last_name="OUTSIDE-volunteer", email="vol@x.example")
    opportunity = OpportunityFactory(title_en="OUTSIDE-opportunity")
    shift = ShiftFactory(opportunity=opportunity)
    signup = SignUp.objects.create(
        shift=shift, student=volunteer, status=SignUp.Status.CONFIRMED, sequence=1
    )
    log = HoursLog.objects.create(
        student=volunteer,
        opportunity=opportunity,
        date=shift.starts_at.date(),
        hours=2,
        description="OUTSIDE-hourslog",
    )
    initiative = StudentInitiativeFactory(name="OUTSIDE-initiative")
    rows["OUTSIDE"] += [volunteer, opportunity, shift, signup, log, initiative]
    for row in (opportunity, shift, signup, log, initiative):
        audit(row, "wagtail.edit", actor=office, title="OUTSIDE-history")
    erased = StudentFactory(last_name="OUTSIDE-erased")
    erase_personal_data(user=erased, actor=office)
    return rows


def _user(role):
    arts = Faculty.objects.get(code="ARTS")
    if role == "faculty_coordinator":
        return FacultyCoordinatorFactory(faculties=[arts])
    if role == "lecturer":
        return LecturerFactory()
    user = PartnerContactUserFactory()
    ContactFactory(organisation=OrganisationFactory(), user=user)
    return user


# Enumeration ------------------------------------------------------------------


def _module_of(viewset) -> str:
    model = getattr(viewset, "model", None)
    label = (
        model._meta.app_label
        if isinstance(model, type)
        else type(viewset).__module__.split(".")[-2]
    )
    return label if label in MODULES else "admin"


def _named_viewsets():
    get_resolver().url_patterns  # noqa: B018 - loads the admin, registering viewsets
    for viewset in viewset_registry.viewsets:
        try:
            namespace = viewset.url_namespace
        except Exception:  # noqa: S112 - unnamed viewsets (pages) register no URLs
            continue
        yield viewset, namespace


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}".strip(":")
                if entry.namespace
                else namespace
            )
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry


def enumerate_admin_urls(objects) -> list[Target]:
    """Every admin screen to crawl, with `objects` (model -> rows) for object URLs."""
    targets, covered = [], set()
    for viewset, namespace in _named_viewsets():
        module = _module_of(viewset)
        model = getattr(viewset, "model", None)
        for pattern in viewset.get_urlpatterns():
            if not pattern.name or pattern.name in SKIPPED_URL_NAMES:
                continue
            name = f"{namespace}:{pattern.name}"
            covered.add(name)
            arguments = pattern.pattern.regex.groups
            if not arguments:
                url = reverse(name)
                targets.append(
                    Target(module, url, "page", model, viewset, name=pattern.name)
                )
                if getattr(viewset, "list_export", None) and pattern.name == "index":
                    for fmt in ("csv", "xlsx"):
                        targets.append(
                            Target(
                                module, url, "export", model, viewset, {"export": fmt}
                            )
                        )
            elif arguments == 1 and isinstance(model, type):
                for obj, outside in objects.get(model, ()):
                    url = reverse(name, args=[obj.pk])
                    targets.append(
                        Target(module, url, "object", model, viewset, outside=outside)
                    )
    admin = next(
        r
        for r in get_resolver().url_patterns
        if isinstance(r, URLResolver) and str(r.pattern) == "admin/"
    )
    for namespace, pattern in _walk(admin.url_patterns):
        name = f"{namespace}:{pattern.name}".strip(":")
        if name in covered or pattern.name in SKIPPED_URL_NAMES:
            continue
        covered.add(name)
        if not pattern.pattern.regex.groups:
            targets.append(Target("admin", reverse(name), "page"))
    return targets


# Crawling ---------------------------------------------------------------------


def _body(response) -> str:
    raw = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
        )
    return raw.decode("utf-8", errors="replace")


def _filter_queries(response) -> list[dict]:
    """One query per choice of each filter on a listing (and a text search)."""
    queries = [{"q": "OUTSIDE"}, {"q": "Student"}]
    context = response.context or {}
    form = getattr(context.get("filters"), "form", None)
    if form is None:
        return queries
    for name, form_field in form.fields.items():
        choices = getattr(form_field, "choices", None)
        if choices is None:
            continue
        values = []
        for value, _label in choices:
            if isinstance(_label, (list, tuple)):  # option groups
                values += [v for v, _ in _label]
            else:
                values.append(value)
        values = [str(getattr(v, "value", v)) for v in values if v not in ("", None)]
        for value in values[:MAX_CHOICES_PER_FILTER]:
            queries.append({name: value})
    return queries


def crawl(client, targets, *, filters=True):
    """GET every target: the texts shown (200) and the URLs that failed (5xx)."""
    seen, errors = {}, set()
    client.raise_request_exception = False
    for target in targets:
        url = target.url + ("?" + urlencode(target.params) if target.params else "")
        response = client.get(url)
        if response.status_code >= 500:
            errors.add(url)
        if response.status_code != 200:
            continue
        seen[url] = _body(response)
        if target.name != "index" or not filters:
            continue
        for query in _filter_queries(response):
            filtered = f"{target.url}?{urlencode(query)}"
            answer = client.get(filtered)
            if answer.status_code >= 500:
                errors.add(filtered)
            if answer.status_code == 200:
                seen[filtered] = _body(answer)
            if target.model is not None and getattr(
                target.viewset, "list_export", None
            ):
                for fmt in ("csv", "xlsx"):
                    exported = client.get(f"{filtered}&export={fmt}")
                    if exported.status_code == 200:
                        seen[f"{filtered}&export={fmt}"] = _body(exported)
    return seen, errors


def _objects(rows):
    by_model = {}
    for side, side_rows in rows.items():
        for row in side_rows:
            by_model.setdefault(type(row), []).append((row, side == "OUTSIDE"))
    return by_model


# Tests ------------------------------------------------------------------------


def test_every_module_contributes_admin_urls_to_the_crawl(seeded):
    targets = enumerate_admin_urls(_objects(seeded))
    by_module = {
        module: [t for t in targets if t.module == module] for module in MODULES
    }
    assert all(by_module.values()), [m for m, ts in by_module.items() if not ts]
    kinds = {t.kind for t in targets}
    assert kinds == {"page", "object", "export"}
    urls = {t.url for t in targets}
    for expected in (
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/pages/search/",
        "/admin/volunteering_signups/",
    ):
        assert expected in urls
    assert any("/chooser/" in url or "choose" in url for url in urls)
    assert len(targets) > 150


def test_the_central_office_sees_every_seeded_row(client, seeded):
    """The crawl reaches every marker, so the scoped runs cannot pass vacuously."""
    client.force_login(CoordinatorFactory())
    targets = [
        t for t in enumerate_admin_urls(_objects(seeded)) if t.kind != "object"
    ] + [
        t
        for t in enumerate_admin_urls(_objects(seeded))
        if t.kind == "object" and "history" in t.url
    ]
    seen, errors = crawl(client, targets, filters=False)
    found = {m for text in seen.values() for m in ANY_MARKER.findall(text)}
    expected = {
        f"{side}-{name}"
        for side in ("INSIDE", "OUTSIDE")
        for name in (
            "course",
            "offer",
            "student",
            "researchquestion",
            "impactreport",
            "history",
        )
    } | {
        "OUTSIDE-opportunity",
        "OUTSIDE-volunteer",
        "OUTSIDE-hourslog",
        "OUTSIDE-initiative",
    }
    assert not errors, errors
    assert expected <= found, expected - found
    exported = [u for u in seen if "export=" in u]
    assert any("xlsx" in u for u in exported) and any("csv" in u for u in exported)


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("role", ROLES)
def test_no_admin_screen_shows_rows_outside_the_user_s_scope(seeded, role, module):
    user = _user(role)
    client = Client()
    client.force_login(user)
    targets = [t for t in enumerate_admin_urls(_objects(seeded)) if t.module == module]
    assert targets
    pattern = OUTSIDE if role == "faculty_coordinator" else ANY_MARKER
    seen, errors = crawl(client, targets, filters=role == "faculty_coordinator")
    assert not errors, errors
    leaks = {
        url: sorted(set(pattern.findall(text)))
        for url, text in seen.items()
        if pattern.search(text)
    }
    assert not leaks
    if role != "faculty_coordinator":
        # No admin at all: only what the admin shows anyone (the login page).
        anonymous = Client()
        shown = {url for url in seen if anonymous.get(url).status_code != 200}
        assert not shown
