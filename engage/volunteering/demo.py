"""KOTengage demo data: ~120 opportunities in the campus cities, their shifts over the
current academic year, student initiatives and sign-ups with waitlists.

Idempotent: a second run only makes sure the pages and the demo student's sign-ups
exist. Rows are written with bulk_create so seeding stays fast.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from engage.accounts.factories import DEFAULT_PASSWORD
from engage.accounts.models import Role, User
from engage.taxonomy.models import SDG, Language, TargetGroup, Theme
from engage.university.models import AcademicYear, Campus
from engage.volunteering.models import (
    BRUSSELS,
    HoursLog,
    InitiativeMembership,
    Opportunity,
    Shift,
    ShiftException,
    ShiftRule,
    SignUp,
    StudentInitiative,
)
from partners.factories import OrganisationFactory
from partners.models import Contact, Organisation

DEMO_EMAIL_DOMAIN = "kotengage.example"
DEMO_STUDENT = "student@engage.example"

# English title, Dutch title, English text, Dutch text, theme, target group,
# languages, kind, (weekday, start hour, hours), places, criminal record extract
TEMPLATES = [
    (
        "Homework buddy",
        "Huiswerkbuddy",
        "Help primary-school children with their homework after school, one child "
        "at a time.",
        "Help lagereschoolkinderen na school met hun huiswerk, één kind per keer.",
        "education",
        "children-youth",
        ["nl"],
        "recurring",
        (1, 16, 2),
        4,
        True,
    ),
    (
        "Visiting older people",
        "Op bezoek bij ouderen",
        "Have a coffee and a chat with residents of a care home who rarely get "
        "visitors.",
        "Drink een koffie en maak een babbel met bewoners van een woonzorgcentrum "
        "die weinig bezoek krijgen.",
        "health-care",
        "older-people",
        ["nl", "fr"],
        "recurring",
        (2, 14, 2),
        3,
        False,
    ),
    (
        "Language buddy for newcomers",
        "Taalbuddy voor nieuwkomers",
        "Practise everyday Dutch with a newcomer: shopping, the doctor, the bus.",
        "Oefen alledaags Nederlands met een nieuwkomer: winkelen, de dokter, de bus.",
        "inclusion",
        "refugees-newcomers",
        ["nl", "en"],
        "recurring",
        (3, 19, 1.5),
        6,
        False,
    ),
    (
        "Food bank shift",
        "Shift bij de voedselbank",
        "Sort donations and pack food parcels for families in poverty.",
        "Sorteer giften en maak voedselpakketten voor gezinnen in armoede.",
        "welfare",
        "poverty",
        ["nl", "en"],
        "recurring",
        (5, 9, 3),
        8,
        False,
    ),
    (
        "Soup round for homeless people",
        "Soepronde voor daklozen",
        "Hand out soup and a warm word on a winter evening.",
        "Deel soep en een warm woord uit op een winteravond.",
        "welfare",
        "homeless",
        ["nl", "en", "fr"],
        "recurring",
        (0, 19, 2),
        5,
        False,
    ),
    (
        "Digital café: help with smartphones",
        "Digicafé: hulp bij smartphones",
        "Help people with their phone, e-mail and online banking.",
        "Help mensen met hun gsm, e-mail en online bankieren.",
        "digital",
        "low-literacy",
        ["nl"],
        "recurring",
        (4, 13, 2),
        4,
        False,
    ),
    (
        "Sports afternoon with young people",
        "Sportnamiddag met jongeren",
        "Play football, basketball or dance with young people in the neighbourhood.",
        "Voetbal, basket of dans met jongeren uit de buurt.",
        "sport",
        "children-youth",
        ["nl", "en"],
        "recurring",
        (2, 15, 2.5),
        6,
        True,
    ),
    (
        "Repair café volunteer",
        "Vrijwilliger in het repaircafé",
        "Fix bikes, clothes and toasters together with their owners.",
        "Herstel fietsen, kleren en broodroosters samen met hun eigenaars.",
        "environment-climate",
        "poverty",
        ["nl"],
        "recurring",
        (5, 13, 3),
        5,
        False,
    ),
    (
        "Park clean-up day",
        "Opruimdag in het park",
        "One morning, gloves and grabbers: leave the park cleaner than you found it.",
        "Eén ochtend, handschoenen en grijpers: laat het park properder achter.",
        "environment-climate",
        "poverty",
        ["nl", "en"],
        "one_off",
        (6, 10, 3),
        15,
        False,
    ),
    (
        "Museum afternoon with people with disabilities",
        "Museumnamiddag met mensen met een beperking",
        "Accompany a small group on a museum visit and talk about what you see.",
        "Begeleid een kleine groep bij een museumbezoek en praat over wat jullie zien.",
        "culture",
        "disabilities",
        ["nl"],
        "one_off",
        (3, 14, 3),
        6,
        False,
    ),
    (
        "Christmas dinner for people alone",
        "Kerstdiner voor alleenstaanden",
        "Cook, serve and share a festive dinner with people who would otherwise be "
        "alone.",
        "Kook, dien op en deel een feestelijk diner met mensen die anders alleen zijn.",
        "welfare",
        "older-people",
        ["nl", "en", "fr"],
        "one_off",
        (4, 17, 4),
        12,
        False,
    ),
    (
        "Reading aloud in the library",
        "Voorlezen in de bibliotheek",
        "Read picture books aloud to toddlers and their parents.",
        "Lees prentenboeken voor aan peuters en hun ouders.",
        "education",
        "low-literacy",
        ["nl"],
        "recurring",
        (6, 10, 1),
        2,
        True,
    ),
]

CITY_STREETS = {
    "LEU": ["Naamsestraat", "Tiensestraat", "Brusselsestraat", "Diestsestraat"],
    "AAL": ["Molenstraat", "Kerkstraat"],
    "ANT": ["Lange Nieuwstraat", "Turnhoutsebaan", "Kiel"],
    "BRU": ["Langestraat", "Ezelstraat"],
    "BXL": ["Rue Haute", "Warmoesberg", "Rue de Flandre"],
    "DIE": ["Stationsstraat"],
    "GEE": ["Kleinhoefstraat"],
    "GEN": ["Sleepstraat", "Dampoortstraat", "Overpoortstraat"],
    "KOR": ["Overleie", "Doorniksestraat"],
    "OOS": ["Torhoutsesteenweg"],
    "SKW": ["Jan De Nayerlaan"],
}
# Leuven is the largest campus: it gets more opportunities.
CITY_WEIGHTS = {"LEU": 4, "GEN": 2, "ANT": 2, "BXL": 2}

INITIATIVES = [
    ("Soep op zondag", "Cook and hand out soup on Sunday evenings.", "LEU", True),
    ("KOT-buren", "Students who help older neighbours with shopping.", "LEU", True),
    ("Taalcafé Gent", "A weekly language café with newcomers.", "GEN", True),
    ("Repair Kortrijk", "A student repair café for bikes.", "KOR", True),
    (
        "Bookswap Antwerpen",
        "Collect books for reading corners in schools.",
        "ANT",
        False,
    ),
    (
        "Green campus Geel",
        "Plant trees and a vegetable garden on campus.",
        "GEE",
        False,
    ),
]

HOLIDAYS = [
    # (first day, last day, reason): Christmas and Easter breaks (approximate)
    ((12, 22), (1, 4), "Christmas holidays"),
    ((4, 1), (4, 14), "Easter holidays"),
]


def _say(stdout, message):
    if stdout:
        stdout.write(message)


def _academic_year():
    year = AcademicYear.objects.current()
    if year is not None:
        return year.start_date, year.end_date
    today = timezone.localdate()
    first = today.year if today.month >= 9 else today.year - 1
    return AcademicYear.dates_for(first)


def _holiday_dates(start: datetime.date, end: datetime.date):
    dates = {}
    for (m1, d1), (m2, d2), reason in HOLIDAYS:
        for year in (start.year, end.year):
            first = datetime.date(year, m1, d1)
            last = datetime.date(year + (1 if m2 < m1 else 0), m2, d2)
            day = first
            while day <= last:
                if start <= day <= end:
                    dates[day] = reason
                day += datetime.timedelta(days=1)
    return dates


def _organisations(rng, campuses):
    """Partners from the partners seeder when present, else our own."""
    existing = list(Organisation.objects.active().order_by("pk")[:60])
    if len(existing) >= 5:
        return existing
    created = []
    names = [
        "De Wroeter",
        "Huis van het Kind",
        "Voedselbank",
        "Buurtwerk 't Lampeke",
        "Woonzorgcentrum Ter Bruggen",
        "Samenlevingsopbouw",
        "Jeugdhuis Sojo",
        "Kringwinkel",
        "Welzijnsschakel",
        "Vluchtelingenwerk",
        "Repair Café",
        "Bibliotheek",
        "Natuurpunt",
        "Straathoekwerk",
    ]
    for campus in campuses:
        for name in rng.sample(names, 3):
            created.append(
                OrganisationFactory(
                    name=f"{name} {campus.city_nl}",
                    city=campus.city_nl,
                    postcode=campus.postcode,
                    enterprise_number=None,
                )
            )
    return created


def _demo_students(count: int):
    """Fast demo students: one password hash, bulk-created, in the Student group."""
    emails = [f"volunteer{n:03d}@{DEMO_EMAIL_DOMAIN}" for n in range(count)]
    existing = set(
        User.objects.filter(email__in=emails).values_list("email", flat=True)
    )
    password = make_password(DEFAULT_PASSWORD)
    first_names = [
        "Emma",
        "Noah",
        "Lina",
        "Arthur",
        "Nora",
        "Jules",
        "Amira",
        "Lars",
        "Fien",
        "Milan",
        "Yasmine",
        "Wout",
        "Hanne",
        "Elias",
        "Zoë",
        "Senne",
    ]
    last_names = [
        "Peeters",
        "Janssens",
        "Maes",
        "Jacobs",
        "Mertens",
        "Willems",
        "Claes",
        "Goossens",
        "Wouters",
        "De Smet",
        "El Amrani",
        "Dubois",
    ]
    new = [
        User(
            email=email,
            first_name=first_names[n % len(first_names)],
            last_name=last_names[(n * 7) % len(last_names)],
            password=password,
            preferred_language="nl" if n % 3 else "en",
            student_number=f"r07{n:05d}",
        )
        for n, email in enumerate(emails)
        if email not in existing
    ]
    User.objects.bulk_create(new)
    group, _ = Group.objects.get_or_create(name=str(Role.STUDENT))
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=u.pk, group_id=group.pk) for u in users], ignore_conflicts=True
    )
    return users


def _initiatives(students, campuses_by_code, sponsor):
    initiatives = []
    for index, (name, goal, city, approved) in enumerate(INITIATIVES):
        initiative, created = StudentInitiative.objects.get_or_create(
            name=name,
            defaults={
                "goal": goal,
                "city": campuses_by_code.get(city),
                "sponsor_staff": sponsor,
                "status": StudentInitiative.Status.APPROVED
                if approved
                else StudentInitiative.Status.PROPOSED,
                "decided_at": timezone.now() if approved else None,
                "contact_email": f"{slugify(name)}@{DEMO_EMAIL_DOMAIN}",
            },
        )
        if created:
            members = students[index * 4 : index * 4 + 4]
            InitiativeMembership.objects.bulk_create(
                [
                    InitiativeMembership(initiative=initiative, user=m, is_lead=i == 0)
                    for i, m in enumerate(members)
                ]
            )
        initiatives.append(initiative)
    return initiatives


def _seed_catalogue(rng, stdout):
    campuses = list(Campus.objects.order_by("sort_order"))
    by_code = {c.code: c for c in campuses}
    organisations = _organisations(rng, campuses)
    students = _demo_students(60)
    sponsor = User.objects.filter(email="lecturer@engage.example").first()
    if sponsor is None:
        sponsor = User.objects.filter(is_superuser=False).order_by("pk").first()
    initiatives = _initiatives(students, by_code, sponsor)
    approved = [i for i in initiatives if i.status == StudentInitiative.Status.APPROVED]
    themes = {t.slug: t for t in Theme.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    sdgs = {s.number: s for s in SDG.objects.all()}
    theme_sdgs = {
        "education": [4],
        "health-care": [3],
        "inclusion": [10],
        "welfare": [1, 2],
        "digital": [4, 10],
        "sport": [3],
        "environment-climate": [13, 11],
        "culture": [11],
    }

    local_organisations = {}
    for organisation in organisations:
        local_organisations.setdefault(organisation.city, []).append(organisation)
    # What each organisation works on, so that a food bank runs the food-bank shifts.
    focus = {o.pk: set() for o in organisations}
    for pk, slug in Organisation.themes.through.objects.filter(
        organisation__in=organisations
    ).values_list("organisation_id", "theme__slug"):
        focus[pk].add(slug)
    for pk, slug in Organisation.target_groups.through.objects.filter(
        organisation__in=organisations
    ).values_list("organisation_id", "targetgroup__slug"):
        focus[pk].add(slug)
    slots = []
    for campus in campuses:
        slots += [campus] * CITY_WEIGHTS.get(campus.code, 1)
    opportunities, specs = [], []
    number = 0
    while len(opportunities) < 120:
        campus = slots[number % len(slots)]
        template = TEMPLATES[(number * 5 + number // len(slots)) % len(TEMPLATES)]
        (
            title_en,
            title_nl,
            text_en,
            text_nl,
            theme,
            group,
            langs,
            kind,
            timing,
            places,
            extract,
        ) = template
        by_initiative = number % 15 == 7 and approved
        organiser = approved[number % len(approved)] if by_initiative else None
        local = local_organisations.get(campus.city_nl) or organisations
        fitting = [o for o in local if theme in focus[o.pk] or group in focus[o.pk]]
        if not fitting:
            fitting = [
                o
                for o in organisations
                if theme in focus[o.pk] and group in focus[o.pk]
            ] or local
        organisation = None if organiser else fitting[number % len(fitting)]
        status = Opportunity.Status.PUBLISHED
        if number % 29 == 3:
            status = Opportunity.Status.PROPOSED
        elif number % 31 == 5:
            status = Opportunity.Status.DRAFT
        street = rng.choice(CITY_STREETS.get(campus.code, ["Stationsstraat"]))
        organiser_name = organiser.name if organiser else organisation.name
        opportunities.append(
            Opportunity(
                organisation=organisation,
                initiative=organiser,
                title_en=f"{title_en} in {campus.city_en}",
                title_nl=f"{title_nl} in {campus.city_nl}",
                description_en=f"{text_en}\n\nWith {organiser_name}.",
                description_nl=f"{text_nl}\n\nMet {organiser_name}.",
                campus=campus,
                address=f"{street} {rng.randint(1, 180)}",
                is_online=False,
                kind=kind,
                requires_criminal_record_extract=extract,
                minimum_age=18 if extract else None,
                requires_training=number % 4 == 0,
                contact_name=rng.choice(["Els", "Tom", "Sara", "Koen", "Ine"])
                + " "
                + rng.choice(["Peeters", "Vermeulen", "Lambrechts", "Hermans"]),
                contact_email=f"contact{number:03d}@{DEMO_EMAIL_DOMAIN}",
                contact_language="nl" if number % 5 else "en",
                status=status,
                published_at=timezone.now()
                if status == Opportunity.Status.PUBLISHED
                else None,
            )
        )
        specs.append((theme, group, langs, timing, places))
        number += 1
    Opportunity.objects.bulk_create(opportunities)

    theme_rows, group_rows, language_rows, sdg_rows = [], [], [], []
    ThemeThrough = Opportunity.themes.through
    GroupThrough = Opportunity.target_groups.through
    LanguageThrough = Opportunity.languages.through
    SDGThrough = Opportunity.sdgs.through
    for opportunity, (theme, group, langs, _timing, _places) in zip(
        opportunities, specs, strict=True
    ):
        theme_rows.append(ThemeThrough(opportunity=opportunity, theme=themes[theme]))
        group_rows.append(
            GroupThrough(opportunity=opportunity, targetgroup=groups[group])
        )
        language_rows += [
            LanguageThrough(opportunity=opportunity, language=languages[code])
            for code in langs
        ]
        sdg_rows += [
            SDGThrough(opportunity=opportunity, sdg=sdgs[n])
            for n in theme_sdgs.get(theme, [])
        ]
    ThemeThrough.objects.bulk_create(theme_rows)
    GroupThrough.objects.bulk_create(group_rows)
    LanguageThrough.objects.bulk_create(language_rows)
    SDGThrough.objects.bulk_create(sdg_rows)

    start, end = _academic_year()
    holidays = _holiday_dates(start, end)
    rules, exceptions = [], []
    for index, (opportunity, (_t, _g, _l, timing, places)) in enumerate(
        zip(opportunities, specs, strict=True)
    ):
        if opportunity.kind != Opportunity.Kind.RECURRING:
            continue
        weekday, hour, hours = timing
        begin = datetime.time(hour, 30 if index % 3 == 0 else 0)
        finish_minutes = begin.hour * 60 + begin.minute + int(hours * 60)
        rules.append(
            ShiftRule(
                opportunity=opportunity,
                weekday=(weekday + index // 13) % 7,
                start_time=begin,
                end_time=datetime.time(finish_minutes // 60, finish_minutes % 60),
                starts_on=start + datetime.timedelta(days=index % 14),
                ends_on=end,
                capacity=places,
            )
        )
        exceptions += [
            ShiftException(opportunity=opportunity, date=day, reason=reason)
            for day, reason in holidays.items()
            if day.weekday() == (weekday + index // 13) % 7
        ]
    ShiftRule.objects.bulk_create(rules)
    ShiftException.objects.bulk_create(exceptions)

    excluded = {}
    for exception in exceptions:
        excluded.setdefault(exception.opportunity_id, set()).add(exception.date)
    shifts = []
    for rule in rules:
        for day in rule.dates(excluded.get(rule.opportunity_id, set())):
            first, last = rule.times_on(day)
            shifts.append(
                Shift(
                    opportunity_id=rule.opportunity_id,
                    rule=rule,
                    starts_at=first,
                    ends_at=last,
                    capacity=rule.capacity,
                )
            )
    today = timezone.localdate()
    for index, (opportunity, (_t, _g, _l, timing, places)) in enumerate(
        zip(opportunities, specs, strict=True)
    ):
        if opportunity.kind == Opportunity.Kind.RECURRING:
            continue
        weekday, hour, hours = timing
        for offset in (-40 - index % 20, 4 + index % 25, 30 + index % 40):
            day = today + datetime.timedelta(days=offset)
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
            first = datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)
            shifts.append(
                Shift(
                    opportunity=opportunity,
                    starts_at=first,
                    ends_at=first + datetime.timedelta(minutes=int(hours * 60)),
                    capacity=places,
                )
            )
    Shift.objects.bulk_create(shifts, batch_size=1000, ignore_conflicts=True)
    shifts = list(
        Shift.objects.filter(opportunity__in=opportunities).order_by("starts_at", "pk")
    )
    _say(
        stdout,
        f"  volunteering: {len(opportunities)} opportunities, {len(shifts)} shifts, "
        f"{len(initiatives)} initiatives",
    )
    return opportunities, shifts, students


class _Diary:
    """The times at which each demo student already holds a place: the demo keeps
    the rule the sign-up service keeps (no two places at the same time)."""

    def __init__(self, signups=()):
        self.busy = {}
        for signup in signups:
            self.hold(signup.student_id, signup.shift)

    def fits(self, student_id, shift) -> bool:
        return all(
            shift.ends_at <= start or shift.starts_at >= end
            for start, end in self.busy.get(student_id, ())
        )

    def hold(self, student_id, shift) -> None:
        self.busy.setdefault(student_id, []).append((shift.starts_at, shift.ends_at))


def _seed_signups(rng, shifts, students):
    """Past shifts attended (with hours), upcoming ones partly full with waitlists."""
    now = timezone.now()
    published = set(
        Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    signups, touched = [], []
    upcoming_seen = 0
    diary = _Diary()
    for shift in shifts:
        if shift.opportunity_id not in published:
            continue
        is_past = shift.ends_at <= now
        if is_past and rng.random() > 0.12:
            continue  # a sample of the past year is enough for a demo
        if not is_past:
            upcoming_seen += 1
            if upcoming_seen > 400 or rng.random() > 0.6:
                continue
        full = not is_past and rng.random() < 0.3
        count = (
            shift.capacity + rng.randint(1, 3)
            if full
            else rng.randint(1, shift.capacity)
        )
        people = rng.sample(students, min(count, len(students)))
        taken = sequence = 0
        for student in people:
            if not diary.fits(student.pk, shift):
                continue  # busy elsewhere at that time: not even on the waitlist
            sequence += 1
            if taken < shift.capacity:
                taken += 1
                diary.hold(student.pk, shift)
                if is_past:
                    attended = rng.random() < 0.9
                    status = (
                        SignUp.Status.ATTENDED if attended else SignUp.Status.NO_SHOW
                    )
                    hours = shift.duration_hours if attended else Decimal("0")
                else:
                    status, hours = SignUp.Status.CONFIRMED, Decimal("0")
            else:
                status, hours = SignUp.Status.WAITLISTED, Decimal("0")
            signups.append(
                SignUp(
                    shift=shift,
                    student=student,
                    status=status,
                    sequence=sequence,
                    hours=hours,
                    confirmed_at=shift.starts_at - datetime.timedelta(days=5)
                    if status != SignUp.Status.WAITLISTED
                    else None,
                    attendance_marked_at=shift.ends_at if is_past else None,
                )
            )
        shift.places_taken = taken
        shift.last_sequence = sequence
        touched.append(shift)
    SignUp.objects.bulk_create(signups, batch_size=1000)
    Shift.objects.bulk_update(
        touched, ["places_taken", "last_sequence"], batch_size=1000
    )
    return len(signups)


def _seed_demo_student(rng):
    """student@engage.example: confirmed and waitlisted shifts, hours and a record."""
    student = User.objects.filter(email=DEMO_STUDENT).first()
    if student is None or SignUp.objects.filter(student=student).exists():
        return
    now = timezone.now()
    visible = Shift.objects.filter(
        opportunity__status=Opportunity.Status.PUBLISHED, status=Shift.Status.SCHEDULED
    ).exclude(signups__student=student)
    leuven_upcoming = list(
        visible.filter(
            starts_at__gt=now + datetime.timedelta(days=2),
            opportunity__campus__code="LEU",
        ).order_by("starts_at")[:80]
    )
    diary = _Diary(
        SignUp.objects.holding_a_place().filter(student=student).select_related("shift")
    )

    def pick(candidates, count, hold):
        picked = []
        for shift in candidates:
            if len(picked) == count:
                break
            if diary.fits(student.pk, shift):
                picked.append(shift)
                if hold:
                    diary.hold(student.pk, shift)
        return picked

    free = pick([s for s in leuven_upcoming if s.places_taken < s.capacity], 3, True)
    full = pick([s for s in leuven_upcoming if s.places_taken >= s.capacity], 2, False)
    past = pick(
        visible.filter(ends_at__lt=now - datetime.timedelta(days=3))
        .filter(opportunity__campus__code="LEU")
        .order_by("-starts_at")[:40],
        3,
        True,
    )
    rows = []
    for shift in free:
        shift.places_taken += 1
        shift.last_sequence += 1
        rows.append(
            SignUp(
                shift=shift,
                student=student,
                status=SignUp.Status.CONFIRMED,
                sequence=shift.last_sequence,
                confirmed_at=now,
            )
        )
    for shift in full:
        shift.last_sequence += 1
        rows.append(
            SignUp(
                shift=shift,
                student=student,
                status=SignUp.Status.WAITLISTED,
                sequence=shift.last_sequence,
            )
        )
    for shift in past:
        if shift.places_taken >= shift.capacity:
            shift.capacity += 1
        shift.places_taken += 1
        shift.last_sequence += 1
        rows.append(
            SignUp(
                shift=shift,
                student=student,
                status=SignUp.Status.ATTENDED,
                sequence=shift.last_sequence,
                hours=shift.duration_hours,
                confirmed_at=shift.starts_at - datetime.timedelta(days=7),
                attendance_marked_at=shift.ends_at,
            )
        )
    SignUp.objects.bulk_create(rows)
    Shift.objects.bulk_update(
        free + full + past, ["places_taken", "last_sequence", "capacity"]
    )
    if past:
        opportunity = past[0].opportunity
        HoursLog.objects.bulk_create(
            [
                HoursLog(
                    student=student,
                    opportunity=opportunity,
                    date=timezone.localtime(past[0].starts_at).date(),
                    hours=Decimal("1.50"),
                    description="Prepared the activities for the children",
                    status=HoursLog.Status.APPROVED,
                    decided_by_name=opportunity.contact_name,
                    decided_at=now,
                ),
                HoursLog(
                    student=student,
                    opportunity=opportunity,
                    date=timezone.localdate() - datetime.timedelta(days=2),
                    hours=Decimal("2.00"),
                    description="Extra visit during the holidays",
                ),
            ]
        )


def _link_partner_contact(organisation):
    """partner@engage.example organises with one of the demo organisations."""
    user = User.objects.filter(email="partner@engage.example").first()
    if user is None or Contact.objects.filter(user=user).exists():
        return
    Contact.objects.create(
        organisation=organisation,
        first_name=user.first_name or "Pieter",
        last_name=user.last_name or "Willems",
        email=user.email,
        function="Volunteer coordinator",
        user=user,
        is_primary=not organisation.contacts.filter(
            is_primary=True, is_active=True
        ).exists(),
    )


def _ensure_pages(stdout):
    from django.apps import apps
    from wagtail.models import Locale

    from cms.setup import ensure_site, translate_page

    OpportunityIndexPage = apps.get_model("cms", "OpportunityIndexPage")
    StandardPage = apps.get_model("cms", "StandardPage")
    home = ensure_site()
    parent = StandardPage.objects.filter(slug="kotengage", locale=home.locale).first()
    parent = parent or home
    listing = OpportunityIndexPage.objects.filter(locale=home.locale).first()
    if listing is None:
        listing = parent.add_child(
            instance=OpportunityIndexPage(
                title="Find volunteering",
                slug="opportunities",
                locale=home.locale,
                intro="Something that fits your week, near your campus: filter by "
                "city, day and time, and sign up in a minute.",
            )
        )
        listing.save_revision().publish()
    translate_page(
        listing,
        "nl",
        title="Vind vrijwilligerswerk",
        slug="vrijwilligerswerk",
        intro="Iets dat in je week past, vlak bij je campus: filter op stad, dag "
        "en uur, en schrijf je in één minuut in.",
    )
    if parent is not home:
        _add_call_to_action(parent, listing, "en")
        nl_parent = parent.get_translation_or_none(
            Locale.objects.get(language_code="nl")
        )
        if nl_parent is not None:
            _add_call_to_action(nl_parent.specific, listing, "nl")
    _say(stdout, "  volunteering: listing page at /en/kotengage/opportunities/")


CTA = {
    "en": (
        "Find volunteering near your campus",
        "Over a hundred opportunities, from homework support to soup rounds.",
    ),
    "nl": (
        "Vind vrijwilligerswerk bij je campus",
        "Meer dan honderd kansen, van huiswerkbegeleiding tot soeprondes.",
    ),
}


def _add_call_to_action(page, listing, language):
    if any(block.block_type == "call_to_action" for block in page.body):
        return
    title, text = CTA[language]
    page.body.append(
        (
            "call_to_action",
            {
                "title": title,
                "text": text,
                "link": {"page": listing, "url": "", "label": ""},
            },
        )
    )
    page.save_revision().publish()


def seed(stdout=None) -> None:
    rng = random.Random("kotengage")  # noqa: S311 - demo data
    if not Opportunity.objects.filter(
        contact_email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
    ).exists():
        opportunities, shifts, students = _seed_catalogue(rng, stdout)
        count = _seed_signups(rng, shifts, students)
        _say(stdout, f"  volunteering: {count} sign-ups (with waitlists)")
        first = next((o.organisation for o in opportunities if o.organisation_id), None)
        if first is not None:
            _link_partner_contact(first)
    _seed_demo_student(rng)
    _ensure_pages(stdout)
