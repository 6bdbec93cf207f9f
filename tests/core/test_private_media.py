"""Personal documents: random names, stored outside MEDIA_ROOT, served only by views
that check permission (also under `make run`, where DEBUG serves MEDIA_URL)."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from engage.accounts.factories import (
    CoordinatorFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.core.uploads import stash_upload
from partners.factories import AgreementFactory, ContactFactory, OrganisationFactory
from placements import services as placement_services
from placements.factories import EnrolmentFactory, OfferFactory, PlacementFactory
from placements.models import Placement
from science_shop.factories import minimal_pdf

pytestmark = pytest.mark.django_db

RANDOM = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def dev_urls(settings):
    """The URLconf as `make run` builds it: DEBUG serves MEDIA_URL from MEDIA_ROOT."""
    import engage.urls

    settings.DEBUG = True
    importlib.reload(engage.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(engage.urls)
    clear_url_caches()


@pytest.fixture
def signed_placement(reference_data, django_capture_on_commit_callbacks):
    """A placement whose agreement both parties signed (the PDF is stored)."""
    student = StudentFactory(student_number="r0123456")
    mentor = ContactFactory(first_name="Mieke", last_name="Goossens")
    offer = OfferFactory(organisation=mentor.organisation, mentor=mentor, places=2)
    enrolment = EnrolmentFactory(student=student)
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.CONFIRMED
    )
    for party, name in (("student", "Lotte Claes"), ("mentor", "Mieke Goossens")):
        with django_capture_on_commit_callbacks(execute=True):
            placement_services.sign_agreement(
                placement=placement, party=party, name=name, ip="10.0.0.9", actor=None
            )
    placement.refresh_from_db()
    return placement


def test_signed_agreement_has_a_random_name_outside_media_root(signed_placement):
    name = signed_placement.agreement_file.name
    assert RANDOM.search(Path(name).stem), name
    assert signed_placement.student.student_number not in name
    assert signed_placement.course.code not in name
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    with signed_placement.agreement_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    stored = Path(signed_placement.agreement_file.path)
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in stored.resolve().parents
    with pytest.raises(ValueError):
        signed_placement.agreement_file.url  # noqa: B018 - no URL for private files


def test_anonymous_get_of_the_old_style_path_is_404(client, signed_placement, dev_urls):
    placement = signed_placement
    old_style = (
        f"placements/agreements/{placement.student_signed_at:%Y}/agreement-"
        f"{placement.course.code}-{placement.student.student_number}-{placement.pk}.pdf"
    )
    # Even a file left at the old place in MEDIA_ROOT by an older version is gone:
    # the migration moved it (see test_existing_files_move_to_private_storage).
    assert client.get(f"{settings.MEDIA_URL}{old_style}").status_code == 404
    stored = placement.agreement_file.name
    assert client.get(f"{settings.MEDIA_URL}{stored}").status_code == 404


def test_every_personal_document_is_stored_privately(
    reference_data, django_capture_on_commit_callbacks
):
    from science_shop.factories import ResearchQuestionFactory

    agreement = AgreementFactory(
        signed_document=SimpleUploadedFile("jan-peeters.pdf", minimal_pdf())
    )
    question = ResearchQuestionFactory(
        attachment=SimpleUploadedFile("vraag.pdf", minimal_pdf()),
        report=SimpleUploadedFile("rapport.pdf", minimal_pdf()),
    )
    _ref, stashed = stash_upload(
        SimpleUploadedFile("import.csv", b"a,b\n"), purpose="test"
    )
    media = Path(settings.MEDIA_ROOT)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    for field in (agreement.signed_document, question.attachment, question.report):
        assert RANDOM.search(field.name), field.name
        assert "jan-peeters" not in field.name
        assert not (media / field.name).exists()
        assert (private / field.name).exists()
    assert RANDOM.search(stashed)
    assert not (media / stashed).exists() and (private / stashed).exists()


def test_the_agreement_view_serves_allowed_roles_only(client, signed_placement):
    placement = signed_placement
    pdf_url = reverse("placements:agreement_pdf", kwargs={"pk": placement.pk})
    partner = PartnerContactUserFactory()
    ContactFactory(organisation=placement.offer.organisation, user=partner)
    for allowed in (placement.student, partner, CoordinatorFactory()):
        client.force_login(allowed)
        response = client.get(pdf_url)
        assert response.status_code == 200, allowed
        assert response.content.startswith(b"%PDF-")
        assert "agreement-" in response["Content-Disposition"]
    other_student = PlacementFactory(
        enrolment=EnrolmentFactory(course=placement.course)
    ).student
    other_partner = PartnerContactUserFactory()
    ContactFactory(organisation=OrganisationFactory(), user=other_partner)
    for refused in (other_student, other_partner):
        client.force_login(refused)
        assert client.get(pdf_url).status_code == 404
    client.logout()
    response = client.get(pdf_url)
    assert response.status_code == 302  # to the login page, with no document
    assert b"%PDF" not in response.content


def test_partner_agreement_document_is_served_to_the_admin_only(client):
    agreement = AgreementFactory(
        signed_document=SimpleUploadedFile("x.pdf", minimal_pdf())
    )
    document_url = reverse("partners_agreements:document", args=[agreement.pk])
    client.force_login(CoordinatorFactory())
    response = client.get(document_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        f'filename="agreement-{agreement.pk}.pdf"' in (response["Content-Disposition"])
    )
    partner = PartnerContactUserFactory()
    ContactFactory(organisation=agreement.organisation, user=partner)
    for refused in (partner, StudentFactory()):
        client.force_login(refused)
        assert client.get(document_url).status_code in (302, 403, 404)
    client.logout()
    assert client.get(document_url).status_code == 302


@override_settings(ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX="/_private/")
def test_production_can_hand_private_files_to_nginx(client):
    agreement = AgreementFactory(
        signed_document=SimpleUploadedFile("x.pdf", minimal_pdf())
    )
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("partners_agreements:document", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/_private/{agreement.signed_document.name}"
    )
    assert "agreement-" in response["Content-Disposition"]


def test_existing_files_move_to_private_storage(signed_placement, client, dev_urls):
    """What the data migrations do to files an older version left in MEDIA_ROOT."""
    from django.core.files.storage import storages

    from engage.core.storage import RandomName, move_to_private_storage

    placement = signed_placement
    old_name = f"placements/agreements/2026/agreement-SL01-r0123456-{placement.pk}.pdf"
    storages["default"].save(old_name, SimpleUploadedFile("x.pdf", minimal_pdf()))
    Placement.objects.filter(pk=placement.pk).update(agreement_file=old_name)
    assert client.get(f"{settings.MEDIA_URL}{old_name}").status_code == 200

    rows = Placement.objects.all()
    rename = RandomName("placements/agreements")
    assert (
        move_to_private_storage(
            rows, "agreement_file", rename=lambda n: rename(None, n)
        )
        == 1
    )
    placement.refresh_from_db()
    assert RANDOM.search(placement.agreement_file.name)
    assert placement.agreement_file.name != old_name
    with placement.agreement_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert not storages["default"].exists(old_name)
    assert client.get(f"{settings.MEDIA_URL}{old_name}").status_code == 404
    # Running it again changes nothing.
    assert move_to_private_storage(rows, "agreement_file") == 0


def test_a_private_root_inside_media_root_fails_the_checks(settings, tmp_path):
    from engage.core.storage import check_private_media_root

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert [e.id for e in check_private_media_root()] == ["engage.E002"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    assert check_private_media_root() == []
