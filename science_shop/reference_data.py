"""The Flemish Science Shop network and the disciplines questions are matched on.

Loaded by a data migration and by the demo seeder; loaders take an app registry so
migrations can pass historical models.
"""

# code, English name, Dutch name, university, website, is_home
SCIENCE_SHOPS = [
    (
        "kuleuven",
        "KU Leuven Science Shop",
        "Wetenschapswinkel KU Leuven",
        "KU Leuven",
        "https://www.kuleuven.be",
        True,
    ),
    (
        "uantwerpen",
        "University of Antwerp Science Shop",
        "Wetenschapswinkel Universiteit Antwerpen",
        "Universiteit Antwerpen",
        "https://www.uantwerpen.be",
        False,
    ),
    (
        "vub",
        "VUB Science Shop",
        "Wetenschapswinkel VUB",
        "Vrije Universiteit Brussel",
        "https://www.vub.be",
        False,
    ),
    (
        "ugent",
        "Ghent University Science Shop",
        "Wetenschapswinkel UGent",
        "Universiteit Gent",
        "https://www.ugent.be",
        False,
    ),
    (
        "uhasselt",
        "Hasselt University Science Shop",
        "Wetenschapswinkel UHasselt",
        "Universiteit Hasselt",
        "https://www.uhasselt.be",
        False,
    ),
]

# code, English, Dutch, faculty code
DISCIPLINES = [
    ("sociology", "Sociology", "Sociologie", "SOC"),
    (
        "social-work",
        "Social work and social policy",
        "Sociaal werk en sociaal beleid",
        "SOC",
    ),
    ("political-science", "Political science", "Politieke wetenschappen", "SOC"),
    ("communication", "Communication studies", "Communicatiewetenschappen", "SOC"),
    ("anthropology", "Anthropology", "Antropologie", "SOC"),
    ("psychology", "Psychology", "Psychologie", "PPW"),
    ("education", "Educational sciences", "Pedagogische wetenschappen", "PPW"),
    ("law", "Law", "Rechten", "LAW"),
    ("criminology", "Criminology", "Criminologie", "LAW"),
    ("economics", "Economics", "Economie", "FEB"),
    ("business", "Business and management", "Bedrijfskunde en management", "FEB"),
    ("history", "History", "Geschiedenis", "ARTS"),
    ("linguistics", "Languages and literature", "Taal- en letterkunde", "ARTS"),
    ("philosophy", "Philosophy and ethics", "Wijsbegeerte en ethiek", "HIW"),
    (
        "theology",
        "Theology and religious studies",
        "Theologie en religiewetenschappen",
        "THEO",
    ),
    (
        "architecture",
        "Architecture and spatial planning",
        "Architectuur en ruimtelijke planning",
        "ARCH",
    ),
    ("engineering", "Engineering", "Ingenieurswetenschappen", "ENG"),
    ("computer-science", "Computer science", "Computerwetenschappen", "ENG"),
    (
        "statistics",
        "Statistics and data science",
        "Statistiek en datawetenschap",
        "SCI",
    ),
    ("biology", "Biology and ecology", "Biologie en ecologie", "SCI"),
    ("geography", "Geography", "Geografie", "SCI"),
    ("environment", "Environmental science", "Milieuwetenschappen", "BIO"),
    ("food", "Food and agriculture", "Voeding en landbouw", "BIO"),
    ("medicine", "Medicine", "Geneeskunde", "MED"),
    ("public-health", "Public health", "Volksgezondheid", "MED"),
    ("nursing", "Nursing and midwifery", "Verpleeg- en vroedkunde", "MED"),
    ("pharmacy", "Pharmaceutical sciences", "Farmaceutische wetenschappen", "PHARM"),
    (
        "rehabilitation",
        "Movement and rehabilitation sciences",
        "Bewegings- en revalidatiewetenschappen",
        "FABER",
    ),
]


def load(apps=None) -> None:
    """Create or update the network's shops and the discipline list (idempotent)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    ScienceShop = apps.get_model("science_shop", "ScienceShop")
    Discipline = apps.get_model("science_shop", "Discipline")
    Faculty = apps.get_model("university", "Faculty")
    for order, (code, name_en, name_nl, university, website, is_home) in enumerate(
        SCIENCE_SHOPS, start=1
    ):
        ScienceShop.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_nl": name_nl,
                "university": university,
                "website": website,
                "is_home": is_home,
                "sort_order": order,
            },
        )
    faculties = dict(Faculty.objects.values_list("code", "pk"))
    for order, (code, name_en, name_nl, faculty_code) in enumerate(
        DISCIPLINES, start=1
    ):
        Discipline.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_nl": name_nl,
                "faculty_id": faculties.get(faculty_code),
                "sort_order": order,
            },
        )
