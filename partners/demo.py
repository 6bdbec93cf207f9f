"""Demo partners: ~60 Flemish organisations with contacts, agreements, interactions.

Idempotent: organisations that exist (by name) are left alone. Also adds the public
partner directory page (English and Dutch) to the site and its header navigation,
and links the demo partner account to one organisation.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from engage.accounts.models import User
from engage.taxonomy.models import SDG, Language, TargetGroup, Theme
from engage.university.models import Campus, Faculty
from partners.factories import pdf_bytes, valid_enterprise_number
from partners.models import Agreement, Contact, Interaction, Organisation

# Each kind of organisation: its target groups, themes, SDGs and a description.
KINDS = {
    "youth": (
        ["children-youth"],
        ["education", "culture", "sport"],
        [4, 10],
        "Youth work in {city}: an open youth house, homework support and holiday "
        "activities for children and young people, many of them growing up in "
        "vulnerable families.",
        "Jeugdwerk in {city}: een open jeugdhuis, huiswerkbegeleiding en "
        "vakantiewerking voor kinderen en jongeren, vaak uit kwetsbare gezinnen.",
    ),
    "prison": (
        ["detainees"],
        ["justice", "education", "welfare"],
        [16, 4],
        "Prison in {city}. Education, culture and sport for detainees are organised "
        "with the Flemish community's partners inside the walls.",
        "Gevangenis in {city}. Onderwijs, cultuur en sport voor gedetineerden worden "
        "samen met de partners van de Vlaamse Gemeenschap binnen de muren "
        "georganiseerd.",
    ),
    "detention": (
        ["detainees"],
        ["justice", "culture", "welfare"],
        [16, 10],
        "Works with (former) detainees in and around {city}: culture and education "
        "behind bars and support on release.",
        "Werkt met (ex-)gedetineerden in en rond {city}: cultuur en vorming achter de "
        "tralies en begeleiding bij de vrijlating.",
    ),
    "care": (
        ["older-people", "sick-people"],
        ["health-care", "welfare"],
        [3],
        "Residential care centre in {city} for older people who need daily care, "
        "with a day-care centre and short-stay rooms.",
        "Woonzorgcentrum in {city} voor ouderen die dagelijks zorg nodig hebben, met "
        "een dagverzorgingscentrum en kortverblijf.",
    ),
    "poverty": (
        ["poverty", "low-literacy"],
        ["welfare", "work", "housing"],
        [1, 2, 10],
        "Fights poverty in {city} with and for people living in poverty: a meeting "
        "place, a social grocery and help with paperwork and debts.",
        "Strijdt in {city} met en voor mensen in armoede: een ontmoetingsplek, een "
        "sociale kruidenier en hulp bij papierwerk en schulden.",
    ),
    "refugees": (
        ["refugees-newcomers"],
        ["inclusion", "education", "work"],
        [10, 16],
        "Welcomes refugees and newcomers in {city}: language cafés, buddies, "
        "homework support and help to find work and a home.",
        "Verwelkomt vluchtelingen en nieuwkomers in {city}: taalcafés, buddy's, "
        "huiswerkbegeleiding en hulp bij het zoeken naar werk en een woning.",
    ),
    "school": (
        ["children-youth", "low-literacy"],
        ["education"],
        [4],
        "School in {city} with a diverse pupil population; works with students on "
        "tutoring, reading support and STEM projects.",
        "School in {city} met een diverse leerlingenpopulatie; werkt met studenten "
        "aan bijles, leesondersteuning en STEM-projecten.",
    ),
    "mental": (
        ["mental-health", "disabilities"],
        ["health-care", "inclusion"],
        [3, 10],
        "Supports people with a disability or mental-health problems in {city}: "
        "day activities, sheltered living and work.",
        "Ondersteunt mensen met een beperking of psychische kwetsbaarheid in {city}: "
        "dagbesteding, beschut wonen en werk.",
    ),
    "homeless": (
        ["homeless", "addiction"],
        ["housing", "welfare"],
        [1, 11],
        "Night shelter and walk-in centre in {city} for people without a home.",
        "Nachtopvang en inloopcentrum in {city} voor mensen zonder thuis.",
    ),
    "climate": (
        ["poverty"],
        ["environment-climate", "inclusion"],
        [11, 12, 13],
        "Citizens' initiative in {city} for a fair climate transition: repair cafés, "
        "energy coaching for tenants and a neighbourhood garden.",
        "Burgerinitiatief in {city} voor een eerlijke klimaattransitie: repaircafés, "
        "energiecoaching voor huurders en een buurttuin.",
    ),
    "digital": (
        ["older-people", "low-literacy", "poverty"],
        ["digital", "education"],
        [4, 10],
        "Helps people in {city} who struggle with computers and smartphones: "
        "digital help desks, courses and refurbished laptops.",
        "Helpt mensen in {city} die het moeilijk hebben met computers en "
        "smartphones: digitale hulppunten, cursussen en opgeknapte laptops.",
    ),
    "sport": (
        ["children-youth", "refugees-newcomers", "disabilities"],
        ["sport", "inclusion"],
        [3, 10],
        "Sport for everyone in {city}: low-threshold clubs for young people, "
        "newcomers and people with a disability.",
        "Sport voor iedereen in {city}: laagdrempelige clubs voor jongeren, "
        "nieuwkomers en mensen met een beperking.",
    ),
}

# name, legal form, kind, street, postcode, city, campus code
ORGANISATIONS = [
    (
        "Jeugdhuis De Kroon",
        "vzw",
        "youth",
        "Brusselsestraat 61",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Speelpleinwerking Kessel-Lo",
        "vzw",
        "youth",
        "Holsbeeksesteenweg 4",
        "3010",
        "Leuven",
        "LEU",
    ),
    (
        "Jongerencentrum Zuidkaai",
        "vzw",
        "youth",
        "Zuidkaai 12",
        "8400",
        "Oostende",
        "OOS",
    ),
    (
        "Jeugdwerk Ledeberg",
        "vzw",
        "youth",
        "Hundelgemsesteenweg 140",
        "9050",
        "Gent",
        "GEN",
    ),
    (
        "Kinderwerking Borgerhout",
        "informal",
        "youth",
        "Turnhoutsebaan 88",
        "2140",
        "Antwerpen",
        "ANT",
    ),
    (
        "Gevangenis Leuven-Centraal",
        "public",
        "prison",
        "Geldenaaksevest 66",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Gevangenis Leuven-Hulp",
        "public",
        "prison",
        "Maria-Theresiastraat 2",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Gevangenis Hasselt",
        "public",
        "prison",
        "Wijkstraat 1",
        "3500",
        "Hasselt",
        "DIE",
    ),
    ("Gevangenis Brugge", "public", "prison", "Legeweg 200", "8200", "Brugge", "BRU"),
    ("De Open Cel", "vzw", "detention", "Diestsestraat 220", "3000", "Leuven", "LEU"),
    (
        "Vorming Achter de Tralies",
        "vzw",
        "detention",
        "Kortrijksesteenweg 310",
        "9000",
        "Gent",
        "GEN",
    ),
    (
        "Woonzorgcentrum Ter Bergen",
        "social_profit",
        "care",
        "Bergenstraat 15",
        "3001",
        "Leuven",
        "LEU",
    ),
    ("WZC Sint-Jozef", "vzw", "care", "Kerkstraat 50", "9300", "Aalst", "AAL"),
    (
        "Woonzorgcentrum De Linde",
        "public",
        "care",
        "Lindelaan 3",
        "8500",
        "Kortrijk",
        "KOR",
    ),
    ("WZC Hof ter Kempen", "vzw", "care", "Pas 12", "2440", "Geel", "GEE"),
    (
        "Zorgcampus Sint-Katelijne",
        "social_profit",
        "care",
        "Mechelsesteenweg 90",
        "2860",
        "Sint-Katelijne-Waver",
        "SKW",
    ),
    ("Buurtwerk De Brug", "vzw", "poverty", "Ridderstraat 31", "3000", "Leuven", "LEU"),
    (
        "Sociaal Restaurant De Keuken",
        "vzw",
        "poverty",
        "Vaartkom 9",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Voedselbank Hageland",
        "vzw",
        "poverty",
        "Industrieweg 5",
        "3300",
        "Tienen",
        "LEU",
    ),
    (
        "Sociale Kruidenier Kortrijk",
        "vzw",
        "poverty",
        "Doorniksewijk 44",
        "8500",
        "Kortrijk",
        "KOR",
    ),
    ("OCMW Aalst", "public", "poverty", "Gasthuisstraat 40", "9300", "Aalst", "AAL"),
    (
        "Armoede Aan Tafel Antwerpen",
        "vzw",
        "poverty",
        "Kerkstraat 101",
        "2060",
        "Antwerpen",
        "ANT",
    ),
    (
        "Samen Tegen Armoede Brugge",
        "vzw",
        "poverty",
        "Langestraat 70",
        "8000",
        "Brugge",
        "BRU",
    ),
    (
        "Welkom Nieuwkomers Gent",
        "vzw",
        "refugees",
        "Sleepstraat 23",
        "9000",
        "Gent",
        "GEN",
    ),
    (
        "Taalcafé Brussel Noord",
        "informal",
        "refugees",
        "Brabantstraat 60",
        "1210",
        "Sint-Joost-ten-Node",
        "BXL",
    ),
    (
        "Buddywerking Nieuwkomers Leuven",
        "vzw",
        "refugees",
        "Tiensestraat 45",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Huis voor Nieuwkomers Mechelen",
        "vzw",
        "refugees",
        "Bruul 19",
        "2800",
        "Mechelen",
        "SKW",
    ),
    (
        "Vluchtelingenondersteuning Limburg",
        "vzw",
        "refugees",
        "Kuringersteenweg 8",
        "3500",
        "Hasselt",
        "DIE",
    ),
    (
        "Basisschool De Regenboog",
        "school",
        "school",
        "Ridderstraat 7",
        "3010",
        "Leuven",
        "LEU",
    ),
    (
        "Basisschool Het Anker",
        "school",
        "school",
        "Dampoortstraat 14",
        "9000",
        "Gent",
        "GEN",
    ),
    (
        "Atheneum Brugge Centrum",
        "school",
        "school",
        "Ezelstraat 25",
        "8000",
        "Brugge",
        "BRU",
    ),
    ("BuSO Ter Ham", "school", "school", "Hamstraat 2", "2440", "Geel", "GEE"),
    (
        "Centrum voor Volwassenenonderwijs Leuven",
        "school",
        "school",
        "Vaartstraat 5",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Tweedekansonderwijs Antwerpen",
        "school",
        "school",
        "Lange Lozanastraat 40",
        "2018",
        "Antwerpen",
        "ANT",
    ),
    (
        "Basisschool Sint-Lutgardis Schaerbeek",
        "school",
        "school",
        "Koninginnelaan 20",
        "1030",
        "Schaarbeek",
        "BXL",
    ),
    (
        "Dagcentrum De Loper",
        "vzw",
        "mental",
        "Naamsesteenweg 110",
        "3001",
        "Leuven",
        "LEU",
    ),
    (
        "Beschut Wonen Kortrijk",
        "vzw",
        "mental",
        "Sint-Janslaan 3",
        "8500",
        "Kortrijk",
        "KOR",
    ),
    (
        "Dienstencentrum Ter Engelen",
        "vzw",
        "mental",
        "Engelenstraat 12",
        "2440",
        "Geel",
        "GEE",
    ),
    (
        "Psychiatrisch Verzorgingstehuis De Weg",
        "vzw",
        "mental",
        "Boerenkrijglaan 4",
        "3590",
        "Diepenbeek",
        "DIE",
    ),
    (
        "Werkplaats Ateljee",
        "social_profit",
        "mental",
        "Ninoofsesteenweg 33",
        "9300",
        "Aalst",
        "AAL",
    ),
    ("Nachtopvang Leuven", "vzw", "homeless", "Lei 15", "3000", "Leuven", "LEU"),
    (
        "Inloopcentrum Het Ankerpunt",
        "vzw",
        "homeless",
        "Kipdorp 30",
        "2000",
        "Antwerpen",
        "ANT",
    ),
    (
        "Straathoekwerk Oostende",
        "public",
        "homeless",
        "Vindictivelaan 1",
        "8400",
        "Oostende",
        "OOS",
    ),
    (
        "Sociaal Verhuurkantoor Gent",
        "vzw",
        "homeless",
        "Kortrijksepoortstraat 12",
        "9000",
        "Gent",
        "GEN",
    ),
    (
        "Repair Café Leuven",
        "informal",
        "climate",
        "Vital Decosterstraat 102",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Stadsboerderij Brugge",
        "vzw",
        "climate",
        "Sint-Pieterskaai 50",
        "8000",
        "Brugge",
        "BRU",
    ),
    (
        "Klimaatburen Kortrijk",
        "informal",
        "climate",
        "Overleiestraat 18",
        "8500",
        "Kortrijk",
        "KOR",
    ),
    (
        "Energiecoöperatie Dijleland",
        "social_profit",
        "climate",
        "Vaartkom 40",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Digidak Antwerpen-Noord",
        "vzw",
        "digital",
        "Dambruggestraat 77",
        "2060",
        "Antwerpen",
        "ANT",
    ),
    (
        "Digitaal Hulppunt Aalst",
        "public",
        "digital",
        "Grote Markt 3",
        "9300",
        "Aalst",
        "AAL",
    ),
    (
        "Computerklas Zonder Drempels",
        "vzw",
        "digital",
        "Rue de la Loi 120",
        "1040",
        "Etterbeek",
        "BXL",
    ),
    (
        "Sportclub Zonder Grenzen",
        "vzw",
        "sport",
        "Kapucijnenvoer 33",
        "3000",
        "Leuven",
        "LEU",
    ),
    ("G-sport Kempen", "vzw", "sport", "Sportpark 1", "2440", "Geel", "GEE"),
    (
        "Buurtsport Molenbeek",
        "public",
        "sport",
        "Graaf van Vlaanderenstraat 20",
        "1080",
        "Sint-Jans-Molenbeek",
        "BXL",
    ),
    (
        "Voetbal in de Wijk Gent",
        "informal",
        "sport",
        "Wondelgemstraat 50",
        "9000",
        "Gent",
        "GEN",
    ),
    (
        "Bibliotheek Diepenbeek",
        "public",
        "digital",
        "Dorpsstraat 10",
        "3590",
        "Diepenbeek",
        "DIE",
    ),
    (
        "Theater Zonder Muren",
        "vzw",
        "detention",
        "Vlamingenstraat 12",
        "3000",
        "Leuven",
        "LEU",
    ),
    (
        "Kinderarmoede Oostende",
        "vzw",
        "poverty",
        "Torhoutsesteenweg 60",
        "8400",
        "Oostende",
        "OOS",
    ),
    (
        "Mantelzorgnetwerk Hageland",
        "vzw",
        "care",
        "Leuvensestraat 14",
        "3200",
        "Aarschot",
        "LEU",
    ),
    (
        "Leesclub Laaggeletterdheid Mechelen",
        "informal",
        "school",
        "Hoogstraat 2",
        "2800",
        "Mechelen",
        "SKW",
    ),
]

FIRST_NAMES = [
    "An",
    "Bart",
    "Els",
    "Wouter",
    "Sofie",
    "Jan",
    "Katrien",
    "Pieter",
    "Nadia",
    "Youssef",
    "Lien",
    "Tom",
    "Griet",
    "Dries",
    "Hanne",
    "Karim",
    "Marieke",
    "Stijn",
    "Fatima",
    "Joris",
    "Ine",
    "Luc",
    "Sarah",
    "Koen",
    "Ayse",
    "Bram",
]
LAST_NAMES = [
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
    "Vermeulen",
    "Van den Broeck",
    "Dubois",
    "El Amrani",
    "Hermans",
    "Aerts",
    "Lambrechts",
    "Yilmaz",
    "Desmet",
    "Van Damme",
]
FUNCTIONS = [
    "Coordinator",
    "Director",
    "Volunteer coordinator",
    "Social worker",
    "Youth worker",
    "Head of care",
    "Teacher",
    "Prison education officer",
]
INTERACTIONS = [
    (
        Interaction.Kind.MEETING,
        "Met the coordinator to plan this year's service-learning placements.",
        "Send the placement offer form",
    ),
    (
        Interaction.Kind.CALL,
        "Phone call about a research question for the Science Shop.",
        "Forward the question to the Science Shop",
    ),
    (
        Interaction.Kind.SITE_VISIT,
        "Visited the site with two lecturers; good fit for social work students.",
        "Share the visit report with the faculty",
    ),
    (
        Interaction.Kind.EMAIL,
        "Asked whether KOTengage volunteers can help at the summer activities.",
        "Publish a volunteering opportunity",
    ),
    (
        Interaction.Kind.EVENT,
        "Met at the Engage partner day; interested in a framework agreement.",
        "Send the draft framework agreement",
    ),
]

DIRECTORY = {
    "en": {
        "title": "Partner organisations",
        "slug": "partner-organisations",
        "intro": "The civil-society organisations KU Leuven students learn, research "
        "and volunteer with. Filter by theme, target group or city.",
    },
    "nl": {
        "title": "Partnerorganisaties",
        "slug": "partnerorganisaties",
        "intro": "De middenveldorganisaties waarmee KU Leuven-studenten leren, "
        "onderzoek doen en vrijwilligen. Filter op thema, doelgroep of stad.",
    },
}


def _website(name: str) -> str:
    import unicodedata

    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )
    slug = "".join(c for c in ascii_name if c.isalnum())
    return f"https://www.{slug[:40]}.be"


def seed(stdout=None) -> None:
    rng = random.Random(20260917)  # noqa: S311 - demo data, same on every machine
    today = timezone.localdate()
    coordinator = User.objects.filter(email="coordinator@engage.example").first()
    faculty_coordinator = User.objects.filter(
        email="faculty.coordinator@engage.example"
    ).first()
    partner_user = User.objects.filter(email="partner@engage.example").first()
    target_groups = {t.slug: t for t in TargetGroup.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    sdgs = {s.number: s for s in SDG.objects.all()}
    campuses = {c.code: c for c in Campus.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    faculties = list(Faculty.objects.filter(code__in=["SOC", "ARTS", "MED", "FEB"]))
    existing = set(Organisation.objects.values_list("name", flat=True))
    pdf = pdf_bytes("Signed agreement (demo)")
    created = 0

    for index, (name, legal_form, kind, street, postcode, city, campus) in enumerate(
        ORGANISATIONS
    ):
        if name in existing:
            continue
        groups, theme_slugs, sdg_numbers, description_en, description_nl = KINDS[kind]
        owner = faculty_coordinator if index % 5 == 3 else coordinator
        status = (
            Organisation.Status.ACTIVE
            if index % 9 not in (4, 8)
            else [Organisation.Status.PROSPECT, Organisation.Status.DORMANT][index % 2]
        )
        if index == len(ORGANISATIONS) - 1:
            status = Organisation.Status.ENDED
        organisation = Organisation(
            name=name,
            legal_form=legal_form,
            enterprise_number=valid_enterprise_number(5000 + index),
            street=street,
            postcode=postcode,
            city=city,
            website=_website(name),
            email=f"info@{_website(name).removeprefix('https://www.')}",
            phone=f"+32 {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
            description_en=description_en.format(city=city),
            description_nl=description_nl.format(city=city),
            status=status,
            level=[
                Organisation.Level.STRATEGIC,
                Organisation.Level.REGULAR,
                Organisation.Level.REGULAR,
                Organisation.Level.OCCASIONAL,
            ][index % 4],
            account_owner=owner,
            public_listing_consent=index % 6 != 5,
        )
        organisation.full_clean()
        organisation.save()
        organisation.target_groups.set([target_groups[g] for g in groups])
        organisation.themes.set([themes[t] for t in theme_slugs])
        organisation.sdgs.set([sdgs[n] for n in sdg_numbers])
        organisation.nearest_campuses.set([campuses[campus]])
        work_languages = [languages["nl"]]
        if city in (
            "Sint-Joost-ten-Node",
            "Schaarbeek",
            "Etterbeek",
            "Sint-Jans-Molenbeek",
        ):
            work_languages += [languages["fr"], languages["en"]]
        organisation.languages.set(work_languages)

        contacts = _seed_contacts(organisation, rng, index)
        _seed_agreements(organisation, index, today, faculties, pdf)
        _seed_interactions(
            organisation, contacts, index, today, owner, coordinator, rng
        )
        created += 1

    _link_partner_account(partner_user)
    pages = _seed_directory_page()
    if stdout:
        stdout.write(
            f"  partners: {created} organisations added "
            f"({Organisation.objects.count()} in all); directory page {pages}"
        )


def _seed_contacts(organisation, rng, index) -> list[Contact]:
    contacts = []
    for number in range(1 + index % 3):
        first = FIRST_NAMES[(index * 3 + number) % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + number * 3) % len(LAST_NAMES)]
        domain = organisation.website.removeprefix("https://www.")
        contact = Contact(
            organisation=organisation,
            first_name=first,
            last_name=last,
            function=FUNCTIONS[(index + number) % len(FUNCTIONS)],
            email=f"{first.lower()}.{last.lower().replace(' ', '')}@{domain}",
            phone=f"+32 4{rng.randint(70, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
            preferred_language="fr"
            if organisation.languages.filter(code="fr").exists() and number == 1
            else "nl",
            is_primary=number == 0,
            is_active=not (number == 2 and index % 2 == 0),
        )
        contact.full_clean()
        contact.save()
        contacts.append(contact)
    return contacts


def _seed_agreements(organisation, index, today, faculties, pdf) -> None:
    days = datetime.timedelta
    plans = {
        # index % 6 -> (kind, status, start offset, end offset)
        0: (Agreement.Kind.FRAMEWORK, Agreement.Status.SIGNED, -400, 700),
        1: (Agreement.Kind.PLACEMENT_FRAMEWORK, Agreement.Status.SIGNED, -600, 45),
        2: (Agreement.Kind.MOU, Agreement.Status.SENT, 0, 1095),
        3: (Agreement.Kind.DATA_PROCESSING, Agreement.Status.DRAFT, 30, 760),
        4: (Agreement.Kind.FRAMEWORK, Agreement.Status.EXPIRED, -1500, -30),
    }
    plan = plans.get(index % 6)
    if plan is None:
        return
    kind, status, start, end = plan
    agreement = Agreement(
        organisation=organisation,
        kind=kind,
        faculty=faculties[index % len(faculties)] if index % 2 else None,
        course="Service-learning: social work in practice" if index % 4 == 1 else "",
        valid_from=today + days(days=start),
        valid_until=today + days(days=end),
        status=status,
    )
    if status in (
        Agreement.Status.SENT,
        Agreement.Status.SIGNED,
        Agreement.Status.EXPIRED,
    ):
        agreement.sent_on = agreement.valid_from - days(days=20)
    if status in (Agreement.Status.SIGNED, Agreement.Status.EXPIRED):
        agreement.signed_on = agreement.valid_from - days(days=5)
        agreement.signed_document.save(
            f"demo-agreement-{organisation.pk}.pdf", ContentFile(pdf), save=False
        )
    if status == Agreement.Status.EXPIRED:
        agreement.ended_on = agreement.valid_until
    agreement.full_clean()
    agreement.save()
    if index % 12 == 7:
        # An earlier agreement that was terminated.
        terminated = Agreement(
            organisation=organisation,
            kind=Agreement.Kind.PLACEMENT_FRAMEWORK,
            valid_from=today - days(days=900),
            valid_until=today + days(days=100),
            status=Agreement.Status.TERMINATED,
            signed_on=today - days(days=905),
            ended_on=today - days(days=200),
            termination_reason="The organisation stopped its youth-work programme.",
        )
        terminated.signed_document.save(
            f"demo-terminated-{organisation.pk}.pdf", ContentFile(pdf), save=False
        )
        terminated.full_clean()
        terminated.save()


def _seed_interactions(organisation, contacts, index, today, owner, coordinator, rng):
    days = datetime.timedelta
    for number in range(1 + index % 4):
        kind, summary, follow_up = INTERACTIONS[(index + number) % len(INTERACTIONS)]
        interaction = Interaction(
            organisation=organisation,
            kind=kind,
            date=today - days(days=10 + number * 45 + index % 20),
            summary=summary,
            created_by=owner,
        )
        if number == 0 and index % 3 == 0:
            # Open follow-ups for the owner: some overdue, some coming up.
            interaction.follow_up_date = today + days(days=(index % 10) - 4)
            interaction.follow_up_assignee = owner or coordinator
            interaction.follow_up_note = follow_up
        elif number == 1:
            interaction.follow_up_date = interaction.date + days(days=7)
            interaction.follow_up_assignee = owner or coordinator
            interaction.follow_up_note = follow_up
            interaction.follow_up_done_at = timezone.now() - days(days=20)
        interaction.full_clean()
        interaction.save()
        if contacts:
            interaction.contacts.set([contacts[number % len(contacts)]])
        if owner:
            interaction.staff_participants.set([owner])


def _link_partner_account(partner_user) -> None:
    """The demo partner (partner@engage.example) works at Jeugdhuis De Kroon."""
    if partner_user is None:
        return
    organisation = Organisation.objects.filter(name="Jeugdhuis De Kroon").first()
    if organisation is None:
        return
    contact = organisation.contacts.filter(email__iexact=partner_user.email).first()
    if contact is None:
        organisation.contacts.filter(is_primary=True).update(is_primary=False)
        contact = Contact(
            organisation=organisation,
            first_name=partner_user.first_name,
            last_name=partner_user.last_name,
            email=partner_user.email,
            function="Coordinator",
            phone="+32 16 22 33 44",
            preferred_language="nl",
            is_primary=True,
        )
    contact.user = partner_user
    contact.is_active = True
    contact.full_clean()
    contact.save()


def _seed_directory_page() -> str:
    from wagtail.models import Site

    from cms.models import NavigationSettings, PartnerDirectoryPage
    from cms.setup import ensure_site, translate_page

    home = ensure_site()
    page = PartnerDirectoryPage.objects.filter(locale=home.locale).first()
    if page is None:
        page = home.add_child(
            instance=PartnerDirectoryPage(locale=home.locale, **DIRECTORY["en"])
        )
        page.save_revision().publish()
    translate_page(page, "nl", **DIRECTORY["nl"])

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
