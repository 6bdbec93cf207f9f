"""KU Leuven's real structure, loaded by a data migration and `load_reference_data`.

Loader functions take an app registry so migrations can pass historical models.
"""

import datetime

HSS, SET, BMS = "hss", "set", "bms"

# code, group, English name, Dutch name
FACULTIES = [
    (
        "THEO",
        HSS,
        "Theology and Religious Studies",
        "Theologie en Religiewetenschappen",
    ),
    ("CANON", HSS, "Canon Law", "Kerkelijk Recht"),
    ("HIW", HSS, "Institute of Philosophy", "Hoger Instituut voor Wijsbegeerte"),
    (
        "LAW",
        HSS,
        "Law and Criminology",
        "Rechtsgeleerdheid en Criminologische Wetenschappen",
    ),
    ("FEB", HSS, "Economics and Business", "Economie en Bedrijfswetenschappen"),
    ("SOC", HSS, "Social Sciences", "Sociale Wetenschappen"),
    ("ARTS", HSS, "Arts", "Letteren"),
    (
        "PPW",
        HSS,
        "Psychology and Educational Sciences",
        "Psychologie en Pedagogische Wetenschappen",
    ),
    ("SCI", SET, "Science", "Wetenschappen"),
    ("ENG", SET, "Engineering Science", "Ingenieurswetenschappen"),
    ("BIO", SET, "Bioscience Engineering", "Bio-ingenieurswetenschappen"),
    ("IIW", SET, "Engineering Technology", "Industriële Ingenieurswetenschappen"),
    ("ARCH", SET, "Architecture", "Architectuur"),
    ("MED", BMS, "Medicine", "Geneeskunde"),
    ("PHARM", BMS, "Pharmaceutical Sciences", "Farmaceutische Wetenschappen"),
    (
        "FABER",
        BMS,
        "Movement and Rehabilitation Sciences",
        "Bewegings- en Revalidatiewetenschappen",
    ),
]

# code, English name, Dutch name, English city, Dutch city, postcode
CAMPUSES = [
    ("LEU", "Leuven", "Leuven", "Leuven", "Leuven", "3000"),
    ("AAL", "Campus Aalst", "Campus Aalst", "Aalst", "Aalst", "9300"),
    ("ANT", "Campus Antwerp", "Campus Antwerpen", "Antwerp", "Antwerpen", "2000"),
    ("BRU", "Campus Bruges", "Campus Brugge", "Bruges", "Brugge", "8200"),
    ("BXL", "Campus Brussels", "Campus Brussel", "Brussels", "Brussel", "1000"),
    (
        "DIE",
        "Campus Diepenbeek",
        "Campus Diepenbeek",
        "Diepenbeek",
        "Diepenbeek",
        "3590",
    ),
    ("GEE", "Campus Geel", "Campus Geel", "Geel", "Geel", "2440"),
    ("GEN", "Campus Ghent", "Campus Gent", "Ghent", "Gent", "9000"),
    (
        "KOR",
        "Kulak Kortrijk Campus",
        "Kulak Kortrijk Campus",
        "Kortrijk",
        "Kortrijk",
        "8500",
    ),
    ("OOS", "Campus Ostend", "Campus Oostende", "Ostend", "Oostende", "8400"),
    (
        "SKW",
        "De Nayer Campus",
        "Campus De Nayer",
        "Sint-Katelijne-Waver",
        "Sint-Katelijne-Waver",
        "2860",
    ),
]

B, M, AM, TT = "bachelor", "master", "advanced_master", "teacher_training"

# code, faculty, level, English name, Dutch name, campuses
PROGRAMMES = [
    (
        "B-THEO",
        "THEO",
        B,
        "Bachelor of Theology and Religious Studies",
        "Bachelor in de theologie en de religiewetenschappen",
        ["LEU"],
    ),
    (
        "M-THEO",
        "THEO",
        M,
        "Master of Theology and Religious Studies",
        "Master in de theologie en de religiewetenschappen",
        ["LEU"],
    ),
    (
        "M-CANON",
        "CANON",
        M,
        "Master of Canon Law",
        "Master in het kerkelijk recht",
        ["LEU"],
    ),
    (
        "B-PHIL",
        "HIW",
        B,
        "Bachelor of Philosophy",
        "Bachelor in de wijsbegeerte",
        ["LEU"],
    ),
    ("M-PHIL", "HIW", M, "Master of Philosophy", "Master in de wijsbegeerte", ["LEU"]),
    (
        "B-LAW",
        "LAW",
        B,
        "Bachelor of Laws",
        "Bachelor in de rechten",
        ["LEU", "BXL", "KOR"],
    ),
    ("M-LAW", "LAW", M, "Master of Laws", "Master in de rechten", ["LEU", "ANT"]),
    (
        "B-CRIM",
        "LAW",
        B,
        "Bachelor of Criminology",
        "Bachelor in de criminologische wetenschappen",
        ["LEU"],
    ),
    (
        "M-CRIM",
        "LAW",
        M,
        "Master of Criminology",
        "Master in de criminologische wetenschappen",
        ["LEU"],
    ),
    (
        "B-ECON",
        "FEB",
        B,
        "Bachelor of Economics",
        "Bachelor in de economische wetenschappen",
        ["LEU"],
    ),
    (
        "B-BUS",
        "FEB",
        B,
        "Bachelor of Business Administration",
        "Bachelor in de handelswetenschappen",
        ["BXL", "ANT", "LEU"],
    ),
    (
        "B-BE",
        "FEB",
        B,
        "Bachelor of Business Engineering",
        "Bachelor in de handelsingenieur",
        ["LEU", "BXL"],
    ),
    (
        "M-BUS",
        "FEB",
        M,
        "Master of Business Administration",
        "Master in de handelswetenschappen",
        ["BXL", "ANT"],
    ),
    ("B-SOC", "SOC", B, "Bachelor of Sociology", "Bachelor in de sociologie", ["LEU"]),
    (
        "B-POL",
        "SOC",
        B,
        "Bachelor of Political Science",
        "Bachelor in de politieke wetenschappen",
        ["LEU", "BXL"],
    ),
    (
        "B-COMM",
        "SOC",
        B,
        "Bachelor of Communication Studies",
        "Bachelor in de communicatiewetenschappen",
        ["LEU"],
    ),
    (
        "B-ANTH",
        "SOC",
        B,
        "Bachelor of Social and Cultural Anthropology",
        "Bachelor in de sociale en culturele antropologie",
        ["LEU"],
    ),
    (
        "M-SOCW",
        "SOC",
        M,
        "Master of Social Work",
        "Master in het sociaal werk",
        ["LEU"],
    ),
    (
        "B-LANG",
        "ARTS",
        B,
        "Bachelor of Languages and Literature",
        "Bachelor in de taal- en letterkunde",
        ["LEU", "BXL", "ANT", "KOR"],
    ),
    (
        "B-HIST",
        "ARTS",
        B,
        "Bachelor of History",
        "Bachelor in de geschiedenis",
        ["LEU"],
    ),
    (
        "B-ARCHAEO",
        "ARTS",
        B,
        "Bachelor of Archaeology",
        "Bachelor in de archeologie",
        ["LEU"],
    ),
    (
        "B-APPLANG",
        "ARTS",
        B,
        "Bachelor of Applied Language Studies",
        "Bachelor in de toegepaste taalkunde",
        ["ANT", "BXL"],
    ),
    (
        "M-INTERP",
        "ARTS",
        M,
        "Master of Interpreting",
        "Master in het tolken",
        ["ANT", "BXL"],
    ),
    (
        "M-MULTI",
        "ARTS",
        M,
        "Master of Multilingual Communication",
        "Master in de meertalige communicatie",
        ["ANT", "BXL"],
    ),
    (
        "B-PSY",
        "PPW",
        B,
        "Bachelor of Psychology",
        "Bachelor in de psychologie",
        ["LEU", "KOR"],
    ),
    ("M-PSY", "PPW", M, "Master of Psychology", "Master in de psychologie", ["LEU"]),
    (
        "B-EDU",
        "PPW",
        B,
        "Bachelor of Educational Sciences",
        "Bachelor in de pedagogische wetenschappen",
        ["LEU", "KOR"],
    ),
    (
        "M-EDU",
        "PPW",
        M,
        "Master of Educational Sciences",
        "Master in de pedagogische wetenschappen",
        ["LEU"],
    ),
    ("TT-EDU", "PPW", TT, "Educational Master", "Educatieve master", ["LEU"]),
    (
        "B-BIOL",
        "SCI",
        B,
        "Bachelor of Biology",
        "Bachelor in de biologie",
        ["LEU", "KOR"],
    ),
    (
        "B-CHEM",
        "SCI",
        B,
        "Bachelor of Chemistry",
        "Bachelor in de chemie",
        ["LEU", "KOR"],
    ),
    (
        "B-MATH",
        "SCI",
        B,
        "Bachelor of Mathematics",
        "Bachelor in de wiskunde",
        ["LEU", "KOR"],
    ),
    ("B-GEOG", "SCI", B, "Bachelor of Geography", "Bachelor in de geografie", ["LEU"]),
    (
        "B-CS",
        "SCI",
        B,
        "Bachelor of Computer Science",
        "Bachelor in de informatica",
        ["LEU"],
    ),
    (
        "B-ENG",
        "ENG",
        B,
        "Bachelor of Engineering Science",
        "Bachelor in de ingenieurswetenschappen",
        ["LEU", "KOR"],
    ),
    (
        "M-ENGCS",
        "ENG",
        M,
        "Master of Engineering: Computer Science",
        "Master in de ingenieurswetenschappen: computerwetenschappen",
        ["LEU"],
    ),
    (
        "M-ENGCIV",
        "ENG",
        M,
        "Master of Engineering: Civil Engineering",
        "Master in de ingenieurswetenschappen: bouwkunde",
        ["LEU"],
    ),
    (
        "B-BIOENG",
        "BIO",
        B,
        "Bachelor of Bioscience Engineering",
        "Bachelor in de bio-ingenieurswetenschappen",
        ["LEU", "GEN"],
    ),
    (
        "M-BIOENV",
        "BIO",
        M,
        "Master of Bioscience Engineering: Land and Water Management",
        "Master in de bio-ingenieurswetenschappen: land- en waterbeheer",
        ["LEU"],
    ),
    (
        "B-IIW",
        "IIW",
        B,
        "Bachelor of Engineering Technology",
        "Bachelor in de industriële wetenschappen",
        ["AAL", "BRU", "DIE", "GEE", "GEN", "SKW", "LEU"],
    ),
    (
        "M-IIWEM",
        "IIW",
        M,
        "Master of Engineering Technology: Electromechanical Engineering",
        "Master in de industriële wetenschappen: elektromechanica",
        ["AAL", "BRU", "DIE", "GEN", "SKW"],
    ),
    (
        "M-IIWHEALTH",
        "IIW",
        M,
        "Master of Engineering Technology: Healthcare Technology",
        "Master in de industriële wetenschappen: zorgtechnologie",
        ["GEE", "OOS"],
    ),
    (
        "B-ARCH",
        "ARCH",
        B,
        "Bachelor of Architecture",
        "Bachelor in de architectuur",
        ["BXL", "GEN"],
    ),
    (
        "B-INTARCH",
        "ARCH",
        B,
        "Bachelor of Interior Architecture",
        "Bachelor in de interieurarchitectuur",
        ["BXL", "GEN"],
    ),
    (
        "M-ARCH",
        "ARCH",
        M,
        "Master of Architecture",
        "Master in de architectuur",
        ["BXL", "GEN", "LEU"],
    ),
    (
        "B-MED",
        "MED",
        B,
        "Bachelor of Medicine",
        "Bachelor in de geneeskunde",
        ["LEU", "KOR"],
    ),
    ("M-MED", "MED", M, "Master of Medicine", "Master in de geneeskunde", ["LEU"]),
    (
        "B-BMW",
        "MED",
        B,
        "Bachelor of Biomedical Sciences",
        "Bachelor in de biomedische wetenschappen",
        ["LEU", "KOR"],
    ),
    (
        "B-NURS",
        "MED",
        B,
        "Bachelor of Nursing and Midwifery",
        "Bachelor in de verpleegkunde en de vroedkunde",
        ["LEU"],
    ),
    (
        "M-NURS",
        "MED",
        M,
        "Master of Nursing and Midwifery",
        "Master in de verpleegkunde en de vroedkunde",
        ["LEU"],
    ),
    (
        "B-LOGO",
        "MED",
        B,
        "Bachelor of Speech Language and Hearing Sciences",
        "Bachelor in de logopedische en audiologische wetenschappen",
        ["LEU"],
    ),
    (
        "B-PHARM",
        "PHARM",
        B,
        "Bachelor of Pharmaceutical Sciences",
        "Bachelor in de farmaceutische wetenschappen",
        ["LEU"],
    ),
    (
        "M-PHARMCARE",
        "PHARM",
        M,
        "Master of Pharmaceutical Care",
        "Master in de farmaceutische zorg",
        ["LEU"],
    ),
    (
        "B-MOVE",
        "FABER",
        B,
        "Bachelor of Physical Education and Movement Sciences",
        "Bachelor in de lichamelijke opvoeding en de bewegingswetenschappen",
        ["LEU"],
    ),
    (
        "B-REVAL",
        "FABER",
        B,
        "Bachelor of Rehabilitation Sciences and Physiotherapy",
        "Bachelor in de revalidatiewetenschappen en de kinesitherapie",
        ["LEU", "BRU", "OOS"],
    ),
    (
        "M-REVAL",
        "FABER",
        M,
        "Master of Rehabilitation Sciences and Physiotherapy",
        "Master in de revalidatiewetenschappen en de kinesitherapie",
        ["LEU"],
    ),
]

FIRST_ACADEMIC_YEAR = 2016
LAST_ACADEMIC_YEAR = 2028


def academic_year_dates(first_year: int) -> tuple[datetime.date, datetime.date]:
    """KU Leuven's academic year runs from mid-September to mid-September."""
    return datetime.date(first_year, 9, 14), datetime.date(first_year + 1, 9, 13)


def load(apps, today: datetime.date | None = None) -> None:
    """Create or update faculties, campuses, programmes and academic years."""
    Faculty = apps.get_model("university", "Faculty")
    Campus = apps.get_model("university", "Campus")
    Programme = apps.get_model("university", "Programme")
    AcademicYear = apps.get_model("university", "AcademicYear")

    faculties = {}
    for order, (code, group, name_en, name_nl) in enumerate(FACULTIES, start=1):
        faculties[code], _ = Faculty.objects.update_or_create(
            code=code,
            defaults={
                "group": group,
                "name_en": name_en,
                "name_nl": name_nl,
                "sort_order": order,
            },
        )
    campuses = {}
    for order, (code, name_en, name_nl, city_en, city_nl, postcode) in enumerate(
        CAMPUSES, start=1
    ):
        campuses[code], _ = Campus.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_nl": name_nl,
                "city_en": city_en,
                "city_nl": city_nl,
                "postcode": postcode,
                "sort_order": order,
            },
        )
    for code, faculty, level, name_en, name_nl, campus_codes in PROGRAMMES:
        programme, _ = Programme.objects.update_or_create(
            code=code,
            defaults={
                "faculty": faculties[faculty],
                "level": level,
                "name_en": name_en,
                "name_nl": name_nl,
            },
        )
        programme.campuses.set([campuses[c] for c in campus_codes])

    today = today or datetime.date.today()  # noqa: DTZ011 - a calendar date suffices
    has_current = AcademicYear.objects.filter(is_current=True).exists()
    for first_year in range(FIRST_ACADEMIC_YEAR, LAST_ACADEMIC_YEAR):
        start, end = academic_year_dates(first_year)
        AcademicYear.objects.get_or_create(
            label=f"{first_year}-{first_year + 1}",
            defaults={"start_date": start, "end_date": end},
        )
    if not has_current:
        current = AcademicYear.objects.filter(
            start_date__lte=today, end_date__gte=today
        ).first()
        if current:
            current.is_current = True
            current.save(update_fields=["is_current"])
