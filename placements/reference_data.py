"""The prerequisites coordinators start from (they manage the list in the admin)."""

# code, English, Dutch, English description, Dutch description
PREREQUISITES = [
    (
        "criminal-record-model-2",
        "Extract from the criminal record (model 2)",
        "Uittreksel uit het strafregister (model 2)",
        "Needed for work with minors; ask your municipality, at most 3 months old.",
        "Nodig voor werk met minderjarigen; vraag het aan bij je gemeente, "
        "hoogstens 3 maanden oud.",
    ),
    (
        "vaccination",
        "Vaccinations (hepatitis B, tetanus)",
        "Vaccinaties (hepatitis B, tetanus)",
        "For placements in care settings.",
        "Voor plaatsen in de zorg.",
    ),
    (
        "training",
        "Introductory training by the organisation",
        "Introductieopleiding bij de organisatie",
        "The organisation trains you before you start.",
        "De organisatie leidt je op voor je begint.",
    ),
    (
        "language-level-b2",
        "Dutch at level B2",
        "Nederlands op niveau B2",
        "For placements where you talk with people in Dutch every day.",
        "Voor plaatsen waar je elke dag in het Nederlands met mensen praat.",
    ),
    (
        "confidentiality",
        "Signed confidentiality statement",
        "Ondertekende geheimhoudingsverklaring",
        "Some organisations ask for their own statement on top of the agreement.",
        "Sommige organisaties vragen een eigen verklaring bovenop de overeenkomst.",
    ),
    (
        "prison-access",
        "Security clearance for prison access",
        "Veiligheidsscreening voor toegang tot de gevangenis",
        "Requested by the prison; takes about four weeks.",
        "Aangevraagd door de gevangenis; duurt ongeveer vier weken.",
    ),
]


def load(apps) -> None:
    Prerequisite = apps.get_model("placements", "Prerequisite")
    for order, (code, name_en, name_nl, desc_en, desc_nl) in enumerate(
        PREREQUISITES, start=1
    ):
        Prerequisite.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_nl": name_nl,
                "description_en": desc_en,
                "description_nl": desc_nl,
                "sort_order": order,
            },
        )
