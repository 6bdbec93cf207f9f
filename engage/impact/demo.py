"""Demo data for impact: four earlier years of service-learning (so the coverage
matrix and the trends show the road so far) and the public impact page in English
and Dutch, in the site's navigation. Idempotent."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from engage.university.models import AcademicYear, Faculty
from engage.volunteering.models import BRUSSELS

HISTORY_PREFIX = "HIST-"
# Faculties with a pathway in each earlier year: the road to every faculty.
HISTORY = {
    4: ["SOC", "PPW", "LAW", "MED"],
    3: ["SOC", "PPW", "LAW", "MED", "ARTS", "THEO", "FABER"],
    2: ["SOC", "PPW", "LAW", "MED", "ARTS", "THEO", "FABER", "FEB", "ARCH", "ENG"],
    1: [
        "SOC",
        "PPW",
        "LAW",
        "MED",
        "ARTS",
        "THEO",
        "FABER",
        "FEB",
        "ARCH",
        "ENG",
        "IIW",
        "BIO",
    ],
}

PAGE = {
    "en": {
        "title": "Our impact",
        "intro": "What students, lecturers and civil-society organisations achieve "
        "together, and how far we are on the way to a service-learning pathway in "
        "every faculty.",
    },
    "nl": {
        "title": "Onze impact",
        "slug": "impact",
        "intro": "Wat studenten, docenten en middenveldorganisaties samen bereiken, "
        "en hoe ver we staan op weg naar een service-learningtraject in elke "
        "faculteit.",
    },
}


def _say(stdout, message):
    if stdout:
        stdout.write(message)


@transaction.atomic
def _seed_history(stdout) -> int:
    """Courses with placements (and approved hours) in the four years before this
    one, in a growing number of faculties. Bulk inserts: a second or so."""
    from engage.accounts.models import User
    from partners.models import Organisation
    from placements.models import Course, Enrolment, HourEntry, Offer, Placement

    if Course.objects.filter(code__startswith=HISTORY_PREFIX).exists():
        return 0
    current = AcademicYear.objects.current()
    students = list(
        User.objects.filter(email__startswith="demo.student").order_by("pk")[:400]
    )
    organisations = list(
        Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("pk")[
            :30
        ]
    )
    if current is None or not students or not organisations:
        return 0
    rng = random.Random("impact-history")  # noqa: S311 - demo data
    faculties = {f.code: f for f in Faculty.objects.all()}
    created = 0
    for back, codes in HISTORY.items():
        year = AcademicYear.objects.filter(
            label=f"{current.first_year - back}-{current.first_year - back + 1}"
        ).first()
        if year is None:
            continue
        started = datetime.datetime.combine(
            year.start_date + datetime.timedelta(days=30),
            datetime.time(9),
            BRUSSELS,
        )
        for code in codes:
            faculty = faculties.get(code)
            if faculty is None:
                continue
            course = Course.objects.create(
                code=f"{HISTORY_PREFIX}{code}-{year.first_year}",
                academic_year=year,
                title_en=f"Service-learning in {faculty.name_en}",
                title_nl=f"Service-learning in {faculty.name_nl}",
                faculty=faculty,
                status=Course.Status.CLOSED,
                planned_students=20,
            )
            programmes = list(faculty.programmes.filter(is_active=True)[:2])
            course.programmes.set(programmes)
            organisation = rng.choice(organisations)
            offer = Offer.objects.create(
                organisation=organisation,
                academic_year=year,
                title=f"Service-learning {faculty.code} {year.label}",
                tasks="Work with the organisation's people, reflect on it in class.",
                places=30,
                start_date=started.date(),
                end_date=started.date() + datetime.timedelta(days=120),
                status=Offer.Status.CLOSED,
            )
            offer.courses.add(course)
            chosen = rng.sample(students, rng.randint(8, 24))
            enrolments = Enrolment.objects.bulk_create(
                [Enrolment(course=course, student=s) for s in chosen]
            )
            placements = Placement.objects.bulk_create(
                [
                    Placement(
                        enrolment=e,
                        course=course,
                        student_id=e.student_id,
                        offer=offer,
                        status=Placement.Status.EVALUATED,
                        confirmed_at=started - datetime.timedelta(days=14),
                        activated_at=started,
                        completed_at=started + datetime.timedelta(days=120),
                        evaluated_at=started + datetime.timedelta(days=130),
                    )
                    for e in enrolments
                ]
            )
            HourEntry.objects.bulk_create(
                [
                    HourEntry(
                        placement=p,
                        date=started.date() + datetime.timedelta(days=7 * week),
                        hours=Decimal(rng.choice(["2", "3", "3.5", "4"])),
                        activity="Service-learning at the organisation",
                        status=HourEntry.Status.APPROVED,
                        reviewer_name="Mentor",
                    )
                    for p in placements
                    for week in range(1, 9)
                ]
            )
            created += len(placements)
    _say(stdout, f"  impact: {created} placements in the four years before this one")
    return created


def _seed_page(stdout) -> str:
    from wagtail.models import Site

    from cms.models import ImpactPage, NavigationSettings
    from cms.setup import ensure_site, translate_page

    home = ensure_site()
    page = ImpactPage.objects.filter(locale=home.locale).first()
    if page is None:
        page = home.add_child(
            instance=ImpactPage(locale=home.locale, slug="impact", **PAGE["en"])
        )
        page.save_revision().publish()
    translate_page(page, "nl", **PAGE["nl"])

    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    links = list(navigation.header_links.raw_data)
    if not any((link.get("value") or {}).get("page") == page.pk for link in links):
        links.append(
            {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}}
        )
        navigation.header_links = links
        navigation.save()
    return page.url_path


def seed(stdout=None) -> None:
    _seed_history(stdout)
    _seed_page(stdout)
    _say(stdout, "  impact: public page /en/impact/ and /nl/impact/")
