"""The tripartite agreement is a real PDF, in the student's language."""

import io

import pytest
from pypdf import PdfReader

from placements import services
from placements.agreement import render_agreement
from placements.factories import PlacementFactory, PrerequisiteFactory
from placements.models import Placement

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_agreement_names_the_three_parties_and_the_clauses(enrolment, offer):
    enrolment.student.preferred_language = "en"
    enrolment.student.save()
    offer.prerequisites.add(PrerequisiteFactory(code="criminal-record-model-2"))
    placement = PlacementFactory(enrolment=enrolment, offer=offer)
    pages, text = text_of(render_agreement(placement))
    assert pages >= 2
    flat = " ".join(text.split())
    for expected in (
        "Service-learning placement agreement",
        enrolment.student.get_full_name(),
        "Vzw De Brug",
        "Faculty of Arts",
        "Learning by serving",
        "Homework class",
        "Mieke Goossens",
        "Insurance",
        "Confidentiality",
        "criminal record",
        "Draft: not yet signed",
    ):
        assert expected.lower() in flat.lower(), expected


def test_the_signed_agreement_is_stored_and_shows_the_signatures(
    enrolment, offer, coordinator, student
):
    placement = services.propose_placement(
        enrolment=enrolment, offer=offer, actor=coordinator
    )
    services.confirm_placement(placement=placement, actor=coordinator)
    services.sign_agreement(
        placement=placement,
        party="student",
        name="Lotte Claes",
        ip="10.1.1.1",
        actor=student,
    )
    services.sign_agreement(
        placement=placement,
        party="mentor",
        name="Mieke Goossens",
        ip="10.1.1.2",
        actor=None,
    )
    placement = Placement.objects.get(pk=placement.pk)
    with placement.agreement_file.open("rb") as handle:
        pages, text = text_of(handle.read())
    flat = " ".join(text.split())
    assert pages >= 2
    assert "Draft" not in flat and "Concept" not in flat
    assert "Lotte Claes" in flat and "Mieke Goossens" in flat


def test_the_agreement_follows_the_students_language(enrolment, offer):
    enrolment.student.preferred_language = "nl"
    enrolment.student.save()
    placement = PlacementFactory(enrolment=enrolment, offer=offer)
    _pages, text = text_of(render_agreement(placement))
    flat = " ".join(text.split())
    assert "Stageovereenkomst service-learning" in flat
    assert "Leren door te dienen" in flat
    assert "Verzekering" in flat
