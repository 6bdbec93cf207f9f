"""Demo data for service-learning: ~30 courses over most faculties, ~150 offers,
~1,000 students with preferences, real allocations, and placements in every state
with hours, reflections and evaluations. Idempotent; bulk writes keep it fast.

The demo student (student@engage.example) has an active placement with hours and
reflections and a second course in which ranking is open; the demo lecturer
(lecturer@engage.example) teaches three courses; the demo partner
(partner@engage.example) gets students, hours to approve and an agreement to sign
at their organisation (linked here if the partners demo did not link them)."""

import datetime
import random
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from faker import Faker

from engage.accounts.factories import DEFAULT_PASSWORD
from engage.accounts.models import Role, User
from engage.taxonomy.models import Language, TargetGroup
from engage.university.models import AcademicYear, Campus, Faculty, Programme
from partners.factories import (
    ContactFactory,
    OrganisationFactory,
    valid_enterprise_number,
)
from partners.models import Contact, Organisation
from placements import services
from placements.models import (
    AllocationRule,
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
from placements.reference_data import load as load_prerequisites

# faculty, code, English title, Dutch title, target group: 13 of 16 faculties.
COURSES = [
    (
        "THEO",
        "A08SL1",
        "Theology in practice: community service",
        "Theologie in de praktijk: maatschappelijke stage",
        "poverty",
    ),
    (
        "THEO",
        "A08SL2",
        "Spiritual care with older people",
        "Spirituele zorg bij ouderen",
        "older-people",
    ),
    (
        "LAW",
        "C00SL1",
        "Law clinic: legal aid for people in poverty",
        "Rechtswinkel: juridische hulp voor mensen in armoede",
        "poverty",
    ),
    (
        "LAW",
        "C00SL2",
        "Criminology in practice: working with detainees",
        "Criminologie in de praktijk: werken met gedetineerden",
        "detainees",
    ),
    (
        "LAW",
        "C00SL3",
        "Rights of refugees in practice",
        "Rechten van vluchtelingen in de praktijk",
        "refugees-newcomers",
    ),
    (
        "FEB",
        "D00SL1",
        "Social entrepreneurship lab",
        "Lab sociaal ondernemerschap",
        "work",
    ),
    (
        "FEB",
        "D00SL2",
        "Financial literacy with families in debt",
        "Financiële geletterdheid met gezinnen in schulden",
        "poverty",
    ),
    ("SOC", "S00SL1", "Social work in the city", "Sociaal werk in de stad", "homeless"),
    (
        "SOC",
        "S00SL2",
        "Community development in neighbourhoods",
        "Opbouwwerk in de buurt",
        "poverty",
    ),
    (
        "SOC",
        "S00SL3",
        "Youth work and participation",
        "Jeugdwerk en participatie",
        "children-youth",
    ),
    (
        "ARTS",
        "F00SL1",
        "Language buddies for newcomers",
        "Taalmaatjes voor nieuwkomers",
        "refugees-newcomers",
    ),
    (
        "ARTS",
        "F00SL2",
        "Heritage and community",
        "Erfgoed en gemeenschap",
        "older-people",
    ),
    ("ARTS", "F00SL3", "Reading with children", "Lezen met kinderen", "low-literacy"),
    (
        "PPW",
        "P00SL1",
        "Learning support for vulnerable children",
        "Leerondersteuning voor kwetsbare kinderen",
        "children-youth",
    ),
    (
        "PPW",
        "P00SL2",
        "Psychology in the community",
        "Psychologie in de samenleving",
        "mental-health",
    ),
    (
        "PPW",
        "P00SL3",
        "Inclusive education in practice",
        "Inclusief onderwijs in de praktijk",
        "disabilities",
    ),
    (
        "SCI",
        "G00SL1",
        "Science outreach in neighbourhood schools",
        "Wetenschap in de buurtschool",
        "children-youth",
    ),
    (
        "SCI",
        "G00SL2",
        "Citizen science with neighbourhoods",
        "Burgerwetenschap met buurten",
        "poverty",
    ),
    (
        "ENG",
        "H00SL1",
        "Engineering for development",
        "Ingenieurswerk voor ontwikkeling",
        "poverty",
    ),
    (
        "ENG",
        "H00SL2",
        "Digital help desks for older people",
        "Digitale hulppunten voor ouderen",
        "older-people",
    ),
    (
        "BIO",
        "I00SL1",
        "Urban gardening with neighbourhoods",
        "Stadslandbouw met buurten",
        "poverty",
    ),
    (
        "IIW",
        "T00SL1",
        "Technology for people with disabilities",
        "Technologie voor mensen met een beperking",
        "disabilities",
    ),
    (
        "IIW",
        "T00SL2",
        "Repair café and circular skills",
        "Repair café en circulaire vaardigheden",
        "poverty",
    ),
    (
        "ARCH",
        "B00SL1",
        "Design with vulnerable neighbourhoods",
        "Ontwerpen met kwetsbare buurten",
        "homeless",
    ),
    (
        "ARCH",
        "B00SL2",
        "Housing first: design for the homeless",
        "Housing first: ontwerpen voor daklozen",
        "homeless",
    ),
    ("MED", "E00SL1", "Care for the homeless", "Zorg voor daklozen", "homeless"),
    (
        "MED",
        "E00SL2",
        "Health promotion in the community",
        "Gezondheidspromotie in de buurt",
        "sick-people",
    ),
    (
        "MED",
        "E00SL3",
        "Caring for people with addiction",
        "Zorg voor mensen met een verslaving",
        "addiction",
    ),
    (
        "FABER",
        "L00SL1",
        "Sport and movement for all",
        "Sport en beweging voor iedereen",
        "disabilities",
    ),
    (
        "FABER",
        "L00SL2",
        "Movement with older people in care",
        "Bewegen met ouderen in zorg",
        "older-people",
    ),
]

ORGANISATION_NAMES = [
    "Vzw Buurtwerk 't Lampeke",
    "Huiswerkklas De Wissel",
    "Vzw Welzijnsschakels Leuven",
    "CAW Oost-Brabant",
    "Vzw Oase",
    "De Kringwinkel Leuven",
    "Vzw Ondersteboven",
    "Vluchtelingenwerk Vlaanderen",
    "Vzw Solidair Leuven",
    "Woonzorgcentrum Ter Bank",
    "Gevangenis Leuven-Centraal",
    "Vzw Het Huizeke",
    "Vzw Straatvinken",
    "Jeugdhuis Sojo",
    "Vzw Mensen met een Beperking Brabant",
    "Vzw Kwartier Bravo",
    "Buurtsport Leuven",
    "Vzw Dak- en Thuislozenzorg",
    "Vzw Tumult",
    "Vzw Taalpunt",
    "Vzw De Hoeksteen",
    "Vzw Free Clinic",
    "Vzw Ligo",
    "Vzw Kinderarmoede Brussel",
    "Vzw De Pletterij",
    "Vzw Samenlevingsopbouw Antwerpen",
    "Vzw Brugse Poort",
    "Vzw De Vreugdeschaal",
    "Vzw Moeders voor Moeders",
    "Vzw Habbekrats",
    "Vzw Ten Dries",
    "Vzw De Zonnebloem",
    "Vzw Wereldvrouwen",
    "Vzw Repair Together",
    "Vzw Digidak",
    "Vzw Kras Jeugdwerk",
    "Vzw Kompas",
    "Vzw Lejo",
    "Vzw Tijdelijk Wonen",
    "Vzw Boerenhof Stadsmoestuin",
]

# Activities that fit each target group: (title, tasks).
ACTIVITIES = {
    "children-youth": [
        (
            "Homework support",
            "Help children with their homework two afternoons a week.",
        ),
        (
            "Reading buddy",
            "Read with a child once a week and build reading confidence.",
        ),
        (
            "Youth club evenings",
            "Co-lead activities in the youth club on weekday evenings.",
        ),
        (
            "Holiday play scheme",
            "Organise games and outings during the school holidays.",
        ),
    ],
    "low-literacy": [
        (
            "Reading buddy",
            "Read with a child once a week and build reading confidence.",
        ),
        (
            "Reading and writing café",
            "Help adults practise reading and writing letters.",
        ),
        (
            "Homework support",
            "Help children with their homework two afternoons a week.",
        ),
    ],
    "poverty": [
        ("Kitchen and community meal", "Cook and serve a weekly community meal."),
        ("Neighbourhood project", "Work with residents on a project for their street."),
        ("Budget coaching", "Support families with their paperwork and budget."),
        ("Social grocery", "Run the shop floor and talk with customers."),
    ],
    "detainees": [
        ("Dialogue groups in prison", "Co-facilitate dialogue groups with detainees."),
        ("Study support in prison", "Support detainees who follow a distance course."),
        ("Reintegration coaching", "Accompany people leaving prison to appointments."),
    ],
    "older-people": [
        (
            "Visiting older people",
            "Visit residents, talk, walk and play games with them.",
        ),
        (
            "Digital help desk",
            "Help people with their smartphone, e-mail and online forms.",
        ),
        ("Memory café", "Host afternoons for people with dementia and their carers."),
    ],
    "refugees-newcomers": [
        ("Language café host", "Lead conversation tables in Dutch with newcomers."),
        (
            "Buddy for a newcomer",
            "Meet a newcomer weekly and explore the city together.",
        ),
        ("Legal intake assistant", "Prepare intake interviews with a lawyer."),
    ],
    "disabilities": [
        ("Sport afternoon coach", "Co-lead sport and movement sessions for the group."),
        ("Leisure buddy", "Join a resident for leisure activities in town."),
        (
            "Assistive technology lab",
            "Adapt everyday tools with residents and therapists.",
        ),
    ],
    "mental-health": [
        ("Drop-in centre host", "Welcome visitors of the drop-in centre and listen."),
        ("Recovery college", "Support peer-led courses on recovery."),
    ],
    "homeless": [
        (
            "Outreach worker",
            "Join street workers on their rounds and in the day centre.",
        ),
        (
            "Night shelter evenings",
            "Welcome guests of the night shelter and serve soup.",
        ),
        ("Housing first support", "Help tenants settle into their new home."),
    ],
    "sick-people": [
        ("Health information stand", "Inform neighbours about prevention and care."),
        ("Carers' café", "Host meetings where carers find rest and support."),
    ],
    "addiction": [
        ("Drop-in centre host", "Welcome visitors of the drop-in centre and listen."),
        (
            "Harm reduction outreach",
            "Join outreach workers at festivals and in the city.",
        ),
    ],
    "work": [
        (
            "Social enterprise support",
            "Support a social enterprise with its business plan.",
        ),
        ("Job coaching", "Help jobseekers prepare applications and interviews."),
    ],
}
FALLBACK_ACTIVITIES = ACTIVITIES["poverty"]

# The same activities in Dutch: English title -> (Dutch title, Dutch tasks).
ACTIVITIES_NL = {
    "Homework support": (
        "Huiswerkbegeleiding",
        "Help kinderen twee namiddagen per week met hun huiswerk.",
    ),
    "Reading buddy": (
        "Leesbuddy",
        "Lees wekelijks samen met een kind en versterk zijn leesvertrouwen.",
    ),
    "Youth club evenings": (
        "Avonden in de jeugdclub",
        "Begeleid mee de activiteiten in de jeugdclub op weekavonden.",
    ),
    "Holiday play scheme": (
        "Speelpleinwerking",
        "Organiseer spelletjes en uitstappen tijdens de schoolvakanties.",
    ),
    "Reading and writing café": (
        "Lees- en schrijfcafé",
        "Help volwassenen oefenen in het lezen en schrijven van brieven.",
    ),
    "Kitchen and community meal": (
        "Keuken en buurtmaaltijd",
        "Kook en bedien een wekelijkse buurtmaaltijd.",
    ),
    "Neighbourhood project": (
        "Buurtproject",
        "Werk met bewoners aan een project voor hun straat.",
    ),
    "Budget coaching": (
        "Budgetcoaching",
        "Ondersteun gezinnen bij hun papierwerk en budget.",
    ),
    "Social grocery": (
        "Sociale kruidenier",
        "Sta in de winkel en praat met de klanten.",
    ),
    "Dialogue groups in prison": (
        "Dialooggroepen in de gevangenis",
        "Begeleid mee dialooggroepen met gedetineerden.",
    ),
    "Study support in prison": (
        "Studiebegeleiding in de gevangenis",
        "Ondersteun gedetineerden die een afstandsopleiding volgen.",
    ),
    "Reintegration coaching": (
        "Re-integratiecoaching",
        "Begeleid mensen die de gevangenis verlaten naar hun afspraken.",
    ),
    "Visiting older people": (
        "Bezoek aan ouderen",
        "Bezoek bewoners, praat, wandel en speel spelletjes met hen.",
    ),
    "Digital help desk": (
        "Digitaal helpdesk",
        "Help mensen met hun smartphone, e-mail en onlineformulieren.",
    ),
    "Memory café": (
        "Geheugencafé",
        "Ontvang mensen met dementie en hun mantelzorgers op namiddagen.",
    ),
    "Language café host": (
        "Gastheer of gastvrouw in het taalcafé",
        "Leid gesprekstafels in het Nederlands met nieuwkomers.",
    ),
    "Buddy for a newcomer": (
        "Buddy voor een nieuwkomer",
        "Ontmoet wekelijks een nieuwkomer en verken samen de stad.",
    ),
    "Legal intake assistant": (
        "Assistent juridische intake",
        "Bereid intakegesprekken met een advocaat voor.",
    ),
    "Sport afternoon coach": (
        "Coach sportnamiddag",
        "Begeleid mee sport- en bewegingssessies voor de groep.",
    ),
    "Leisure buddy": (
        "Vrijetijdsbuddy",
        "Ga met een bewoner mee naar vrijetijdsactiviteiten in de stad.",
    ),
    "Assistive technology lab": (
        "Lab voor hulpmiddelen",
        "Pas alledaagse hulpmiddelen aan samen met bewoners en therapeuten.",
    ),
    "Drop-in centre host": (
        "Onthaal in het inloopcentrum",
        "Verwelkom de bezoekers van het inloopcentrum en luister naar hen.",
    ),
    "Recovery college": (
        "Herstelacademie",
        "Ondersteun cursussen over herstel, gegeven door ervaringsdeskundigen.",
    ),
    "Outreach worker": (
        "Straathoekwerk",
        "Ga mee met straathoekwerkers op ronde en in het dagcentrum.",
    ),
    "Night shelter evenings": (
        "Avonden in de nachtopvang",
        "Verwelkom de gasten van de nachtopvang en schep soep op.",
    ),
    "Housing first support": (
        "Ondersteuning Housing First",
        "Help huurders zich thuis te voelen in hun nieuwe woning.",
    ),
    "Health information stand": (
        "Infostand gezondheid",
        "Informeer buurtbewoners over preventie en zorg.",
    ),
    "Carers' café": (
        "Mantelzorgcafé",
        "Ontvang mantelzorgers op bijeenkomsten waar ze rust en steun vinden.",
    ),
    "Harm reduction outreach": (
        "Outreach schadebeperking",
        "Ga mee met outreachwerkers op festivals en in de stad.",
    ),
    "Social enterprise support": (
        "Ondersteuning sociale onderneming",
        "Ondersteun een sociale onderneming bij haar ondernemingsplan.",
    ),
    "Job coaching": (
        "Jobcoaching",
        "Help werkzoekenden hun sollicitaties en gesprekken voorbereiden.",
    ),
}

PROMPTS = [
    "What surprised you in your first weeks at the organisation?",
    "Describe a situation that challenged your assumptions. What did you learn?",
    "How does what you see connect to the theory of this course?",
]

REFLECTION_TEXTS = [
    "I expected the children to need help with the content, but mostly they needed "
    "someone who listened. That changed how I prepared each session.",
    "The conversation with a resident about her life in the neighbourhood made me "
    "rethink what 'poverty' means: it is as much about being heard as about money.",
    "The course's idea of empowerment became concrete when the group chose the "
    "activity themselves and took charge of it.",
]


def _status_plan(rng, n):
    """How many of a running course's placements are in each state."""
    weights = [
        (Placement.Status.PROPOSED, 0.07),
        (Placement.Status.CONFIRMED, 0.08),
        (Placement.Status.AGREEMENT_SIGNED, 0.07),
        (Placement.Status.ACTIVE, 0.5),
        (Placement.Status.COMPLETED, 0.12),
        (Placement.Status.EVALUATED, 0.08),
        (Placement.Status.CANCELLED, 0.04),
        (Placement.Status.WITHDRAWN, 0.04),
    ]
    return rng.choices([s for s, _ in weights], [w for _, w in weights], k=n)


def _organisations(rng, needed=40):
    """Reuse the partners demo's organisations; add our own when there are few."""
    organisations = list(
        Organisation.objects.filter(status=Organisation.Status.ACTIVE)[:60]
    )
    existing_names = {o.name for o in organisations}
    target_groups = list(TargetGroup.objects.all())
    taken_numbers = set(
        Organisation.objects.exclude(enterprise_number=None).values_list(
            "enterprise_number", flat=True
        )
    )
    index = 0
    for name in ORGANISATION_NAMES:
        if len(organisations) >= needed:
            break
        if name in existing_names:
            continue
        number = valid_enterprise_number(50_000 + index)
        index += 1
        organisations.append(
            OrganisationFactory(
                name=name,
                enterprise_number=None if number in taken_numbers else number,
                city=rng.choice(["Leuven", "Brussel", "Antwerpen", "Gent", "Kortrijk"]),
                target_groups=rng.sample(target_groups, 2),
            )
        )
    return organisations


def _mentors(organisations):
    mentors = {}
    contacts = Contact.objects.filter(organisation__in=organisations, is_active=True)
    for contact in contacts.order_by("-is_primary", "pk"):
        mentors.setdefault(contact.organisation_id, contact)
    for organisation in organisations:
        if organisation.pk not in mentors:
            mentors[organisation.pk] = ContactFactory(
                organisation=organisation, function="Volunteer coordinator"
            )
    return mentors


def _partner_organisation(organisations, mentors):
    """The demo partner's organisation (linked by the partners demo, else here)."""
    partner = User.objects.filter(email="partner@engage.example").first()
    if partner is None:
        return None
    contact = Contact.objects.filter(user=partner, is_active=True).first()
    if contact is None:
        organisation = organisations[0]
        contact = ContactFactory(
            organisation=organisation,
            user=partner,
            first_name=partner.first_name or "Pieter",
            last_name=partner.last_name or "Willems",
            email=partner.email,
            function="Volunteer coordinator",
        )
    mentors[contact.organisation_id] = contact
    if contact.organisation not in organisations:
        organisations.insert(0, contact.organisation)
    return contact.organisation


def _students(fake, rng, n, programmes_by_faculty):
    password = make_password(DEFAULT_PASSWORD)
    start = 900_000
    taken = set(
        User.objects.filter(student_number__startswith="r09").values_list(
            "student_number", flat=True
        )
    )
    users = []
    for i in range(n):
        number = f"r0{start + i:06d}"
        if number in taken:
            continue
        first, last = fake.first_name(), fake.last_name()
        users.append(
            User(
                email=f"demo.student{i:04d}@student.kuleuven.be",
                first_name=first,
                last_name=last,
                student_number=number,
                preferred_language="nl" if rng.random() < 0.8 else "en",
                password=password,
            )
        )
    users = User.objects.bulk_create(users)
    group, _ = Group.objects.get_or_create(name=str(Role.STUDENT))
    group.user_set.add(*users)
    return users


def seed(stdout=None) -> None:
    if Course.objects.filter(code=COURSES[0][1]).exists():
        if stdout:
            stdout.write("  service-learning: demo data already present")
        return
    rng = random.Random(2026)
    fake = Faker("nl_BE")
    fake.seed_instance(2026)
    load_prerequisites(apps)
    now = timezone.now()
    today = timezone.localdate()
    year = AcademicYear.objects.current()
    previous = AcademicYear.objects.filter(label=year.previous_label()).first()
    faculties = {f.code: f for f in Faculty.objects.all()}
    campuses = list(Campus.objects.all())
    leuven = next((c for c in campuses if c.code == "LEU"), campuses[0])
    languages = {lang.code: lang for lang in Language.objects.all()}
    target_groups = {t.slug: t for t in TargetGroup.objects.all()}
    programmes_by_faculty = {}
    for programme in Programme.objects.all():
        programmes_by_faculty.setdefault(programme.faculty_id, []).append(programme)
    prerequisites = {p.code: p for p in Prerequisite.objects.all()}
    coordinator = User.objects.filter(email="coordinator@engage.example").first()
    lecturer = User.objects.filter(email="lecturer@engage.example").first()
    demo_student = User.objects.filter(email="student@engage.example").first()

    organisations = _organisations(rng)
    mentors = _mentors(organisations)
    partner_organisation = _partner_organisation(organisations, mentors)

    # Courses: the current year (4 open for ranking, the rest running) and four
    # closed courses of last year.
    courses = []
    for index, (faculty_code, code, title_en, title_nl, group) in enumerate(COURSES):
        status = Course.Status.OPEN if index % 7 == 3 else Course.Status.RUNNING
        faculty = faculties[faculty_code]
        course = Course.objects.create(
            code=code,
            academic_year=year,
            title_en=title_en,
            title_nl=title_nl,
            faculty=faculty,
            campus=leuven if index % 4 else rng.choice(campuses),
            ects=Decimal(rng.choice([3, 4, 6, 6, 9])),
            coordinator=coordinator,
            expected_hours=rng.choice([20, 30, 40, 60]),
            planned_students=34,
            max_preferences=5,
            preference_deadline=(
                now + datetime.timedelta(days=14)
                if status == Course.Status.OPEN
                else now - datetime.timedelta(days=40)
            ),
            status=status,
            learning_outcomes_en="You connect course concepts to a practice with "
            "people in a vulnerable situation, and reflect on your own role.",
            learning_outcomes_nl="Je verbindt concepten uit het vak met een praktijk "
            "met mensen in een kwetsbare situatie en reflecteert over je eigen rol.",
            description_en="Students work at an organisation in the field and "
            "reflect on it in three guided reflections.",
            description_nl="Studenten werken bij een organisatie en reflecteren erover "
            "in drie begeleide reflecties.",
        )
        course.programmes.set(programmes_by_faculty.get(faculty.pk, [])[:2])
        course._target_group = target_groups.get(group)
        courses.append(course)
    if lecturer:
        for course in courses[:3]:
            course.lecturers.add(lecturer)
    old_courses = []
    if previous:
        for faculty_code, code, title_en, title_nl, group in COURSES[:4]:
            course = Course.objects.create(
                code=code,
                academic_year=previous,
                title_en=title_en,
                title_nl=title_nl,
                faculty=faculties[faculty_code],
                campus=leuven,
                expected_hours=30,
                planned_students=10,
                status=Course.Status.CLOSED,
            )
            course._target_group = target_groups.get(group)
            old_courses.append(course)
        if lecturer:
            old_courses[0].lecturers.add(lecturer)
    ReflectionPrompt.objects.bulk_create(
        ReflectionPrompt(course=course, question=question, sort_order=order)
        for course in courses + old_courses
        for order, question in enumerate(PROMPTS, start=1)
    )

    # Offers: five per current course (150), three per old course.
    offers_by_course = {}
    prerequisite_links = []
    offer_courses = []
    offer_languages = []
    offer_groups = []
    offer_objects = []
    for course in courses + old_courses:
        count = 5 if course.academic_year_id == year.pk else 3
        for n in range(count):
            organisation = organisations[(course.pk * 7 + n * 3) % len(organisations)]
            if course is courses[0] and n < 2 and partner_organisation:
                organisation = partner_organisation
            group = course._target_group.slug if course._target_group else ""
            activities = ACTIVITIES.get(group, FALLBACK_ACTIVITIES)
            title, tasks = activities[n % len(activities)]
            title_nl, tasks_nl = ACTIVITIES_NL[title]
            start = course.academic_year.start_date + datetime.timedelta(days=20)
            offer = Offer(
                organisation=organisation,
                academic_year=course.academic_year,
                title_en=title,
                title_nl=title_nl,
                tasks_en=tasks,
                tasks_nl=tasks_nl,
                mentor=mentors[organisation.pk],
                address=", ".join(
                    [organisation.street or "Naamsestraat 1", organisation.city]
                ),
                places=rng.randint(4, 9) if count == 5 else 4,
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.choice([90, 120, 180])),
                hours_per_week=Decimal(rng.choice([2, 3, 4, 6])),
                status=Offer.Status.PUBLISHED,
            )
            offer_objects.append((offer, course, n))
    Offer.objects.bulk_create([o for o, _, _ in offer_objects])
    for offer, course, n in offer_objects:
        offers_by_course.setdefault(course.pk, []).append(offer)
        offer_courses.append(
            Offer.courses.through(offer_id=offer.pk, course_id=course.pk)
        )
        offer_languages.append(
            Offer.languages.through(offer_id=offer.pk, language_id=languages["nl"].pk)
        )
        if n == 4:
            offer_languages.append(
                Offer.languages.through(
                    offer_id=offer.pk, language_id=languages["fr"].pk
                )
            )
        if course._target_group:
            offer_groups.append(
                Offer.target_groups.through(
                    offer_id=offer.pk, targetgroup_id=course._target_group.pk
                )
            )
        if course._target_group and course._target_group.slug in (
            "children-youth",
            "low-literacy",
        ):
            prerequisite_links.append(
                Offer.prerequisites.through(
                    offer_id=offer.pk,
                    prerequisite_id=prerequisites["criminal-record-model-2"].pk,
                )
            )
        elif n == 1:
            prerequisite_links.append(
                Offer.prerequisites.through(
                    offer_id=offer.pk, prerequisite_id=prerequisites["training"].pk
                )
            )
    Offer.courses.through.objects.bulk_create(offer_courses)
    Offer.languages.through.objects.bulk_create(offer_languages)
    Offer.target_groups.through.objects.bulk_create(offer_groups)
    Offer.prerequisites.through.objects.bulk_create(prerequisite_links)

    # Students: ~33 per current course, 8 per old course; most work in Dutch.
    sizes = [33] * len(courses) + [8] * len(old_courses)
    students = _students(fake, rng, sum(sizes), programmes_by_faculty)
    enrolments = []
    cursor = 0
    for course, size in zip(courses + old_courses, sizes, strict=True):
        programmes = programmes_by_faculty.get(course.faculty_id) or [None]
        for student in students[cursor : cursor + size]:
            enrolments.append(
                Enrolment(
                    course=course,
                    student=student,
                    programme=rng.choice(programmes),
                    source=Enrolment.Source.IMPORT,
                    preferences_submitted_at=now - datetime.timedelta(days=45),
                )
            )
        cursor += size
    demo_enrolments = []
    if demo_student:
        for course in (courses[0], next(c for c in courses if c.status == "open")):
            demo_enrolments.append(
                Enrolment(course=course, student=demo_student, source="manual")
            )
    enrolments = Enrolment.objects.bulk_create(enrolments + demo_enrolments)
    enrolment_languages = []
    preferences = []
    for enrolment in enrolments:
        spoken = ["nl"] if rng.random() < 0.85 else ["en"]
        if rng.random() < 0.3:
            spoken.append("fr")
        if enrolment.student_id == getattr(demo_student, "pk", None):
            spoken = ["nl", "en"]
        for code in spoken:
            enrolment_languages.append(
                Enrolment.languages.through(
                    enrolment_id=enrolment.pk, language_id=languages[code].pk
                )
            )
        if (
            enrolment.student_id == getattr(demo_student, "pk", None)
            and enrolment.course.status == Course.Status.OPEN
        ):
            continue  # the demo student still ranks this one themselves
        offers = offers_by_course[enrolment.course_id]
        ranked = rng.sample(offers, rng.randint(min(3, len(offers)), len(offers)))
        if enrolment.student_id == getattr(demo_student, "pk", None):
            ranked = offers[:3]  # the partner's offers first
        for rank, offer in enumerate(ranked, start=1):
            preferences.append(Preference(enrolment=enrolment, offer=offer, rank=rank))
    Enrolment.languages.through.objects.bulk_create(enrolment_languages)
    Preference.objects.bulk_create(preferences)

    # The demo student is pinned to the partner's offer, so their story is stable.
    demo_enrolment = next(
        (e for e in enrolments if demo_student and e.student_id == demo_student.pk),
        None,
    )
    if demo_enrolment is not None:
        AllocationRule.objects.create(
            course=courses[0],
            enrolment=demo_enrolment,
            offer=offers_by_course[courses[0].pk][0],
            kind=AllocationRule.Kind.PIN,
            created_by=coordinator,
        )

    # Allocations: the real solver, committed per course (no emails for demo data).
    for course in courses + old_courses:
        if course.status != Course.Status.OPEN:
            services.commit_allocation(course=course, actor=coordinator, notify=False)

    _advance(rng, courses, old_courses, now, today, demo_student, partner_organisation)
    if stdout:
        stdout.write(
            f"  service-learning: {len(courses) + len(old_courses)} courses, "
            f"{Offer.objects.count()} offers, {len(students)} students, "
            f"{Placement.objects.count()} placements"
        )


def _advance(rng, courses, old_courses, now, today, demo_student, partner_organisation):
    """Move the proposed placements on through the workflow, in bulk."""
    placements = list(
        Placement.objects.filter(course__in=courses + old_courses)
        .select_related("course", "student", "offer__mentor")
        .prefetch_related("offer__prerequisites")
        .order_by("pk")
    )
    old = {c.pk for c in old_courses}
    running = [p for p in placements if p.course_id not in old]
    plan = dict(
        zip([p.pk for p in running], _status_plan(rng, len(running)), strict=True)
    )
    for placement in placements:
        if placement.course_id in old:
            plan[placement.pk] = rng.choice(
                [Placement.Status.EVALUATED] * 4 + [Placement.Status.COMPLETED]
            )
    demo = None
    if demo_student:
        demo = next((p for p in running if p.student_id == demo_student.pk), None)
        if demo:
            plan[demo.pk] = Placement.Status.ACTIVE
    if partner_organisation:
        # The demo partner has an agreement to sign and an evaluation to give.
        at_partner = [
            p
            for p in running
            if p.offer.organisation_id == partner_organisation.pk and p is not demo
        ]
        for placement, status in zip(
            at_partner,
            [
                Placement.Status.CONFIRMED,
                Placement.Status.COMPLETED,
                Placement.Status.PROPOSED,
            ],
            strict=False,
        ):
            plan[placement.pk] = status

    order = list(Placement.Status)
    checks, hours, reflections, mentor_evals, student_evals = [], [], [], [], []
    prompts = {}
    for prompt in ReflectionPrompt.objects.filter(course__in=courses + old_courses):
        prompts.setdefault(prompt.course_id, []).append(prompt)
    for placement in placements:
        status = plan[placement.pk]
        placement.status = status
        start = placement.offer.start_date
        stamp = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
        step = order.index(status) if status in Placement.PLACE_HOLDING_STATUSES else -1
        if status in Placement.ENDED_STATUSES:
            placement.end_reason = rng.choice(
                [
                    "Timetable clash with an internship.",
                    "The organisation had to pause the project.",
                    "Personal circumstances.",
                ]
            )
            placement.ended_at = stamp
            continue
        if step >= order.index(Placement.Status.CONFIRMED):
            placement.student_accepted_at = stamp - datetime.timedelta(days=12)
            placement.partner_accepted_at = stamp - datetime.timedelta(days=11)
            placement.confirmed_at = stamp - datetime.timedelta(days=11)
        if step >= order.index(Placement.Status.AGREEMENT_SIGNED):
            placement.student_signed_name = placement.student.get_full_name()
            placement.student_signed_at = stamp - datetime.timedelta(days=9)
            placement.student_signed_ip = "10.33.0.1"
            mentor = placement.offer.mentor
            placement.mentor_signed_name = mentor.full_name if mentor else "Mentor"
            placement.mentor_signed_at = stamp - datetime.timedelta(days=8)
            placement.mentor_signed_ip = "81.82.0.1"
        if step >= order.index(Placement.Status.ACTIVE):
            placement.activated_at = stamp
            for prerequisite in placement.offer.prerequisites.all():
                checks.append(
                    PrerequisiteCheck(
                        placement=placement,
                        prerequisite=prerequisite,
                        note="Seen by the coordinator",
                    )
                )
            last_day = min(today - datetime.timedelta(days=1), placement.offer.end_date)
            days = max((last_day - start).days, 1)
            for i in range(rng.randint(3, 8)):
                day = start + datetime.timedelta(days=min(7 * i, days))
                if day > last_day:
                    break
                roll = rng.random()
                entry_status = (
                    HourEntry.Status.APPROVED
                    if roll < 0.8 or step > order.index(Placement.Status.ACTIVE)
                    else HourEntry.Status.PENDING
                    if roll < 0.95
                    else HourEntry.Status.REJECTED
                )
                hours.append(
                    HourEntry(
                        placement=placement,
                        date=day,
                        hours=Decimal(rng.choice(["2", "2.5", "3", "4"])),
                        activity=placement.offer.title,
                        status=entry_status,
                        reviewer_name=(
                            placement.mentor_signed_name
                            if entry_status != HourEntry.Status.PENDING
                            else ""
                        ),
                        reviewed_at=stamp
                        if entry_status != HourEntry.Status.PENDING
                        else None,
                        rejection_reason=(
                            "Not at our organisation that day."
                            if entry_status == HourEntry.Status.REJECTED
                            else ""
                        ),
                    )
                )
            for prompt, text in zip(
                prompts.get(placement.course_id, []), REFLECTION_TEXTS, strict=False
            ):
                if rng.random() < 0.7 or step > order.index(Placement.Status.ACTIVE):
                    reflections.append(
                        Reflection(placement=placement, prompt=prompt, answer=text)
                    )
        if step >= order.index(Placement.Status.COMPLETED):
            placement.completed_at = stamp + datetime.timedelta(days=90)
            hosted_by_partner = (
                partner_organisation is not None
                and placement.offer.organisation_id == partner_organisation.pk
            )
            if status == Placement.Status.EVALUATED or (
                rng.random() < 0.4 and not hosted_by_partner
            ):
                mentor_evals.append(
                    MentorEvaluation(
                        placement=placement,
                        commitment=rng.randint(3, 5),
                        communication=rng.randint(3, 5),
                        initiative=rng.randint(2, 5),
                        respect=rng.randint(4, 5),
                        evaluator_name=placement.mentor_signed_name,
                        comments="Reliable and warm with the people we work with.",
                    )
                )
        if status == Placement.Status.EVALUATED:
            placement.evaluated_at = stamp + datetime.timedelta(days=100)
            student_evals.append(
                StudentEvaluation(
                    placement=placement,
                    learning=rng.randint(3, 5),
                    guidance=rng.randint(2, 5),
                    meaningfulness=rng.randint(3, 5),
                    organisation=rng.randint(2, 5),
                    would_recommend=rng.random() < 0.85,
                )
            )
    Placement.objects.bulk_update(
        placements,
        [
            "status",
            "student_accepted_at",
            "partner_accepted_at",
            "confirmed_at",
            "activated_at",
            "completed_at",
            "evaluated_at",
            "ended_at",
            "end_reason",
            "student_signed_name",
            "student_signed_at",
            "student_signed_ip",
            "mentor_signed_name",
            "mentor_signed_at",
            "mentor_signed_ip",
        ],
        batch_size=500,
    )
    PrerequisiteCheck.objects.bulk_create(checks)
    HourEntry.objects.bulk_create(hours, batch_size=1000)
    Reflection.objects.bulk_create(reflections, batch_size=1000)
    MentorEvaluation.objects.bulk_create(mentor_evals)
    StudentEvaluation.objects.bulk_create(student_evals)
    # Confirmed places per offer, exactly as the services would have kept them.
    offers = Offer.objects.filter(placements__in=placements).distinct()
    taken = {}
    for placement in placements:
        if placement.holds_place:
            taken[placement.offer_id] = taken.get(placement.offer_id, 0) + 1
    updates = []
    for offer in offers:
        offer.places_taken = taken.get(offer.pk, 0)
        if offer.places_taken >= offer.places:
            offer.status = Offer.Status.FULL
        updates.append(offer)
    Offer.objects.bulk_update(updates, ["places_taken", "status"])
    if demo:
        # The demo student's own hours waiting for the partner, and a stored PDF.
        HourEntry.objects.create(
            placement=demo,
            date=today - datetime.timedelta(days=2),
            hours=Decimal("3"),
            activity="Cooking and serving the community meal",
        )
        if not demo.agreement_file:
            from django.core.files.base import ContentFile

            from placements.agreement import agreement_filename, render_agreement

            demo.refresh_from_db()
            demo.agreement_file.save(
                agreement_filename(demo), ContentFile(render_agreement(demo)), save=True
            )
