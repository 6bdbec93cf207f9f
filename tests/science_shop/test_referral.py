"""Referral between the Flemish Science Shops: the packet (JSON, PDF) and import."""

import base64
import io
import json

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from pypdf import PdfReader

from partners.factories import OrganisationFactory
from partners.models import Organisation
from science_shop import packets, services
from science_shop.factories import discipline, minimal_pdf, question_in_state
from science_shop.models import ResearchQuestion, ScienceShop

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status


def _become(code):
    """Switch which shop this installation is (the other end of the referral)."""
    ScienceShop.objects.update(is_home=False)
    ScienceShop.objects.filter(code=code).update(is_home=True)


@pytest.fixture
def referred(coordinator):
    question = question_in_state(
        S.INTAKE,
        preferred_disciplines=[discipline("sociology"), discipline("psychology")],
        submitted_details={
            "organisation": {
                "name": "Vzw De Brug",
                "legal_form": "vzw",
                "enterprise_number": "",
                "street": "Brugstraat 1",
                "postcode": "9000",
                "city": "Gent",
                "country": "BE",
                "website": "https://debrug.example",
            },
            "contact": {
                "first_name": "Jan",
                "last_name": "Peeters",
                "function": "Voorzitter",
                "email": "jan@debrug.example",
                "phone": "09 000 00 00",
                "language": "nl",
            },
        },
    )
    question.attachment.save("notitie.pdf", ContentFile(minimal_pdf("Notitie")))
    return services.refer_question(
        question=question,
        shop=ScienceShop.objects.get(code="ugent"),
        note="Hun vakgroep sociologie werkt hierrond.",
        actor=coordinator,
    )


def test_round_trip_export_then_import_keeps_the_content(
    referred, coordinator, django_capture_on_commit_callbacks
):
    exported = packets.build_packet(referred)
    raw = packets.dumps(exported)
    assert exported["from_shop"]["code"] == "kuleuven"
    assert exported["to_shop"]["code"] == "ugent"

    _become("ugent")  # the receiving shop
    with django_capture_on_commit_callbacks(execute=True):
        imported = services.import_referral_packet(raw=raw, actor=coordinator)

    assert imported.status == S.SUBMITTED
    assert imported.referred_from.code == "kuleuven"
    assert imported.external_reference == referred.reference
    assert imported.pk != referred.pk
    # The receiving shop refers it back out (e.g. onwards) and exports: same content.
    imported.referred_to = ScienceShop.objects.get(code="kuleuven")
    again = packets.build_packet(imported)
    assert packets.packet_content(again) == packets.packet_content(exported)
    with imported.attachment.open("rb") as handle:
        assert handle.read() == minimal_pdf("Notitie")
    # The submitter hears that their question arrived.
    assert mail.outbox[-1].to == ["jan@debrug.example"]


def test_imported_question_is_matched_to_an_existing_partner(referred, coordinator):
    raw = packets.dumps(packets.build_packet(referred))
    _become("ugent")
    partner = OrganisationFactory(
        name="De Brug", postcode="9000", enterprise_number=None
    )
    imported = services.import_referral_packet(raw=raw, actor=coordinator)
    # A packet's details are unverified too: the match is proposed, not attached.
    assert imported.organisation != partner
    assert imported.proposed_organisation == partner
    assert imported.organisation_match == "name_postcode"


def test_packet_json_and_pdf_downloads(client, coordinator, referred):
    client.force_login(coordinator)
    response = client.get(f"/admin/science_shop_questions/{referred.pk}/referral.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    packet = json.loads(response.content)
    assert packet["question"]["title"] == referred.title
    assert base64.b64decode(packet["attachment"]["base64"]) == minimal_pdf("Notitie")

    response = client.get(f"/admin/science_shop_questions/{referred.pk}/referral.pdf")
    assert response.status_code == 200
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert referred.title in text
    assert "Vzw De Brug" in text
    assert "jan@debrug.example" in text


def test_packet_export_needs_a_referral_and_the_right_to_manage(
    client, faculty_coordinator, coordinator
):
    question = question_in_state(S.INTAKE)
    client.force_login(coordinator)
    assert (
        client.get(f"/admin/science_shop_questions/{question.pk}/referral.json")
    ).status_code == 404
    client.force_login(faculty_coordinator)
    response = client.get(f"/admin/science_shop_questions/{question.pk}/referral.json")
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_a_bad_packet_lists_every_problem_and_imports_nothing(referred, coordinator):
    packet = packets.build_packet(referred)
    packet["contact"]["email"] = "not-an-email"
    packet["organisation"]["name"] = ""
    packet["organisation"]["enterprise_number"] = "0123.456.789"
    packet["question"]["preferred_disciplines"] = ["sociology", "alchemy"]
    packet["attachment"]["base64"] = base64.b64encode(b"%PDF-1.7 fake").decode()
    _become("ugent")
    before = (ResearchQuestion.objects.count(), Organisation.objects.count())
    with pytest.raises(packets.PacketInvalid) as excinfo:
        services.import_referral_packet(raw=packets.dumps(packet), actor=coordinator)
    where = {w for w, _ in excinfo.value.errors}
    assert where == {
        "contact.email",
        "organisation.name",
        "organisation.enterprise_number",
        "question.preferred_disciplines",
        "attachment",
    }
    assert (ResearchQuestion.objects.count(), Organisation.objects.count()) == before


def test_a_packet_for_another_shop_or_from_ourselves_is_refused(referred, coordinator):
    raw = packets.dumps(packets.build_packet(referred))
    # Still KU Leuven: the packet is addressed to UGent and comes from ourselves.
    with pytest.raises(packets.PacketInvalid) as excinfo:
        services.import_referral_packet(raw=raw, actor=coordinator)
    assert {w for w, _ in excinfo.value.errors} == {"from_shop", "to_shop"}


def test_not_json_is_refused(coordinator):
    with pytest.raises(packets.PacketInvalid) as excinfo:
        services.import_referral_packet(raw=b"\x00not json", actor=coordinator)
    assert excinfo.value.errors[0][0] == "file"


def test_import_through_the_admin(client, coordinator, referred):
    from django.core.files.uploadedfile import SimpleUploadedFile

    raw = packets.dumps(packets.build_packet(referred))
    _become("ugent")
    client.force_login(coordinator)
    response = client.post(
        "/admin/science_shop_questions/import/",
        {"packet": SimpleUploadedFile("referral.json", raw)},
    )
    imported = ResearchQuestion.objects.exclude(pk=referred.pk).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/inspect/{imported.pk}/")

    bad = json.loads(raw)
    bad["contact"]["email"] = "nope"
    response = client.post(
        "/admin/science_shop_questions/import/",
        {"packet": SimpleUploadedFile("referral.json", json.dumps(bad).encode())},
    )
    assert response.status_code == 200
    assert "contact.email" in response.content.decode()
    assert ResearchQuestion.objects.count() == 2
