"""The UN's 17 SDGs, target groups in vulnerable situations, and themes."""

# number, English, Dutch, official colour
SDGS = [
    (1, "No poverty", "Geen armoede", "#E5243B"),
    (2, "Zero hunger", "Geen honger", "#DDA63A"),
    (3, "Good health and well-being", "Goede gezondheid en welzijn", "#4C9F38"),
    (4, "Quality education", "Kwaliteitsonderwijs", "#C5192D"),
    (5, "Gender equality", "Gendergelijkheid", "#FF3A21"),
    (6, "Clean water and sanitation", "Schoon water en sanitair", "#26BDE2"),
    (7, "Affordable and clean energy", "Betaalbare en duurzame energie", "#FCC30B"),
    (
        8,
        "Decent work and economic growth",
        "Waardig werk en economische groei",
        "#A21942",
    ),
    (
        9,
        "Industry, innovation and infrastructure",
        "Industrie, innovatie en infrastructuur",
        "#FD6925",
    ),
    (10, "Reduced inequalities", "Ongelijkheid verminderen", "#DD1367"),
    (
        11,
        "Sustainable cities and communities",
        "Duurzame steden en gemeenschappen",
        "#FD9D24",
    ),
    (
        12,
        "Responsible consumption and production",
        "Verantwoorde consumptie en productie",
        "#BF8B2E",
    ),
    (13, "Climate action", "Klimaatactie", "#3F7E44"),
    (14, "Life below water", "Leven in het water", "#0A97D9"),
    (15, "Life on land", "Leven op het land", "#56C02B"),
    (
        16,
        "Peace, justice and strong institutions",
        "Vrede, justitie en sterke publieke diensten",
        "#00689D",
    ),
    (
        17,
        "Partnerships for the goals",
        "Partnerschap om doelstellingen te bereiken",
        "#19486A",
    ),
]

# slug, English, Dutch
TARGET_GROUPS = [
    ("children-youth", "Children and youth", "Kinderen en jongeren"),
    ("poverty", "People in poverty", "Mensen in armoede"),
    ("detainees", "Detainees", "Gedetineerden"),
    ("older-people", "Older people in care", "Ouderen in zorg"),
    ("refugees-newcomers", "Refugees and newcomers", "Vluchtelingen en nieuwkomers"),
    ("disabilities", "People with disabilities", "Mensen met een beperking"),
    (
        "mental-health",
        "People with mental-health problems",
        "Mensen met psychische kwetsbaarheid",
    ),
    ("homeless", "Homeless people", "Dak- en thuislozen"),
    ("addiction", "People with addiction problems", "Mensen met een verslaving"),
    ("lgbtqi", "LGBTQI+ people", "LGBTQI+-personen"),
    ("low-literacy", "People with low literacy", "Laaggeletterden"),
    ("sick-people", "People who are ill and their carers", "Zieken en mantelzorgers"),
]

THEMES = [
    ("education", "Education", "Onderwijs"),
    ("health-care", "Health and care", "Gezondheid en zorg"),
    ("welfare", "Welfare", "Welzijn"),
    ("environment-climate", "Environment and climate", "Milieu en klimaat"),
    ("culture", "Culture", "Cultuur"),
    ("justice", "Justice", "Justitie"),
    ("inclusion", "Inclusion", "Inclusie"),
    ("sport", "Sport and exercise", "Sport en beweging"),
    ("housing", "Housing", "Wonen"),
    ("work", "Work and income", "Werk en inkomen"),
    ("digital", "Digital inclusion", "Digitale inclusie"),
    ("international", "International solidarity", "Internationale solidariteit"),
]

# code, English, Dutch: the languages of work the office records.
LANGUAGES = [
    ("nl", "Dutch", "Nederlands"),
    ("fr", "French", "Frans"),
    ("en", "English", "Engels"),
    ("de", "German", "Duits"),
    ("other", "Other", "Andere"),
]


def load(apps) -> None:
    """Create or update SDGs, target groups and themes."""
    SDG = apps.get_model("taxonomy", "SDG")
    TargetGroup = apps.get_model("taxonomy", "TargetGroup")
    Theme = apps.get_model("taxonomy", "Theme")
    for number, name_en, name_nl, colour in SDGS:
        SDG.objects.update_or_create(
            number=number,
            defaults={"name_en": name_en, "name_nl": name_nl, "colour": colour},
        )
    try:
        Language = apps.get_model("taxonomy", "Language")
    except LookupError:  # an early migration, before languages existed
        Language = None
    for order, (code, name_en, name_nl) in enumerate(LANGUAGES, start=1):
        if Language is not None:
            Language.objects.update_or_create(
                code=code,
                defaults={"name_en": name_en, "name_nl": name_nl, "sort_order": order},
            )
    for model, rows in ((TargetGroup, TARGET_GROUPS), (Theme, THEMES)):
        for order, (slug, name_en, name_nl) in enumerate(rows, start=1):
            model.objects.update_or_create(
                slug=slug,
                defaults={"name_en": name_en, "name_nl": name_nl, "sort_order": order},
            )
