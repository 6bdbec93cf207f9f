"""The public question form: matching partners, abuse guards, bad input, emails."""

import io
import re
import uuid
import zipfile
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Locale

from partners.factories import ContactFactory, OrganisationFactory
from partners.models import Contact, Organisation
from science_shop import services
from science_shop.factories import minimal_pdf
from science_shop.forms import STASH_PREFIX, SubmissionForm
from science_shop.models import ResearchQuestion, SubmissionAttempt
from science_shop.services import QuestionSubmission

pytestmark = pytest.mark.django_db


def _submission(data, **changes) -> QuestionSubmission:
    form = SubmissionForm({**data, "submission_token": str(uuid.uuid4()), **changes})
    assert form.is_valid(), form.errors
    return form.to_submission()


def _post(client, page, data, files=None, **extra):
    payload = {**data, **(files or {})}
    return client.post(page.url, payload, **extra)


def _token(client, page):
    content = client.get(page.url).content.decode()
    return re.search(r'name="submission_token" value="([^"]+)"', content)[1]


def _docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# -- Matching the organisation --------------------------------------------------------


def test_unknown_organisation_becomes_a_prospect_to_review(submission_data):
    question, created = services.submit_question(
        submission=_submission(submission_data), address="10.0.0.1"
    )
    assert created
    organisation = question.organisation
    assert organisation.status == Organisation.Status.PROSPECT
    assert organisation.needs_review
    assert question.organisation_match == ResearchQuestion.OrganisationMatch.CREATED
    contact = question.contact
    assert (contact.first_name, contact.email, contact.is_primary) == (
        "Els",
        "els@lampeke.be",
        True,
    )
    assert question.reference.startswith("WW-")
    assert question.status == ResearchQuestion.Status.SUBMITTED


def test_enterprise_number_matches_an_existing_partner(submission_data):
    partner = OrganisationFactory(name="Heel andere naam", postcode="9000")
    formatted = (
        f"BE {partner.enterprise_number[:4]}.{partner.enterprise_number[4:7]}."
        f"{partner.enterprise_number[7:]}"
    )
    question, _ = services.submit_question(
        submission=_submission(submission_data, enterprise_number=formatted)
    )
    # Proposed to the office, never attached (see test_organisation_match).
    assert question.organisation != partner
    assert question.proposed_organisation == partner
    assert question.organisation_match == "enterprise_number"
    assert question.organisation.enterprise_number is None  # the partner's number


def test_name_and_postcode_match_despite_legal_form_and_punctuation(submission_data):
    partner = OrganisationFactory(
        name="V.Z.W. Buurtwerk ’t Lampeke", postcode="3000", enterprise_number=None
    )
    question, _ = services.submit_question(submission=_submission(submission_data))
    assert question.proposed_organisation == partner
    assert question.organisation_match == "name_postcode"
    assert question.organisation.needs_review


def test_same_name_elsewhere_is_another_organisation(submission_data):
    OrganisationFactory(name="Buurtwerk 't Lampeke", postcode="2000")
    question, _ = services.submit_question(submission=_submission(submission_data))
    assert question.organisation.needs_review
    assert question.proposed_organisation is None
    assert Organisation.objects.count() == 2


def test_known_contact_is_reused_once_the_match_is_confirmed(
    submission_data, coordinator
):
    partner = OrganisationFactory(name="Buurtwerk 't Lampeke", postcode="3000")
    contact = ContactFactory(organisation=partner, email="ELS@lampeke.be")
    question, _ = services.submit_question(submission=_submission(submission_data))
    assert question.contact != contact
    services.confirm_organisation(
        question=question,
        organisation=question.proposed_organisation,
        actor=coordinator,
    )
    question.refresh_from_db()
    assert question.contact == contact
    assert Contact.objects.count() == 1


# -- Abuse guards ---------------------------------------------------------------------


def test_double_submit_stores_one_question_and_sends_one_email(
    client, form_page, submission_data, django_capture_on_commit_callbacks
):
    token = _token(client, form_page)
    data = {**submission_data, "submission_token": token}
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, form_page, data)
        second = _post(client, form_page, data)
    assert first.status_code == second.status_code == 302
    assert ResearchQuestion.objects.count() == 1
    assert len(mail.outbox) == 1


def test_honeypot_stores_nothing_and_sends_nothing(
    client, form_page, submission_data, django_capture_on_commit_callbacks
):
    data = {
        **submission_data,
        "submission_token": _token(client, form_page),
        "homepage": "http://spam.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, form_page, data)
    assert response.status_code == 302  # looks like success to a robot
    assert ResearchQuestion.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_address_stores_nothing_and_sends_nothing(
    client, form_page, submission_data, settings, django_capture_on_commit_callbacks
):
    settings.SCIENCE_SHOP_SUBMISSION_LIMIT = (2, 3600)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            data = {**submission_data, "submission_token": _token(client, form_page)}
            assert _post(client, form_page, data).status_code == 302
    mail.outbox.clear()
    data = {
        **submission_data,
        "title": "Een derde vraag",
        "submission_token": _token(client, form_page),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, form_page, data)
    assert response.status_code == 429
    assert "Een derde vraag" in response.content.decode()  # nothing typed is lost
    assert ResearchQuestion.objects.count() == 2
    assert mail.outbox == []
    # Another address may still submit.
    data["submission_token"] = _token(client, form_page)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, form_page, data, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302
    assert ResearchQuestion.objects.count() == 3


def test_rate_limit_stores_only_a_hash_of_the_address(submission_data):
    services.submit_question(
        submission=_submission(submission_data), address="192.0.2.44"
    )
    attempt = SubmissionAttempt.objects.get()
    assert "192.0.2.44" not in attempt.address_hash
    assert len(attempt.address_hash) == 64


# -- Bad input ------------------------------------------------------------------------


def test_missing_consent_shows_an_error_at_the_field_and_keeps_everything(
    client, form_page, submission_data
):
    data = {**submission_data, "submission_token": _token(client, form_page)}
    del data["privacy_consent"]
    response = client.post(form_page.url, data, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    content = response.content.decode()
    form = response.context["form"]
    assert list(form.errors) == ["privacy_consent"]
    assert 'href="#id_privacy_consent"' in content  # the summary links to the field
    assert 'aria-invalid="true"' in content
    for value in ("Buurtwerk", "Kapucijnenvoer 10", "els@lampeke.be"):
        assert value in content
    assert "Welke drempels ervaren 65-plussers" in content
    assert ResearchQuestion.objects.count() == 0


def test_a_no_without_explanation_is_asked_for(client, form_page, submission_data):
    data = {
        **submission_data,
        "submission_token": _token(client, form_page),
        "has_no_commercial_aim": "no",
    }
    response = client.post(form_page.url, data)
    assert list(response.context["form"].errors) == ["commercial_explanation"]


def test_invalid_enterprise_number_is_refused_at_the_field(
    client, form_page, submission_data
):
    data = {
        **submission_data,
        "submission_token": _token(client, form_page),
        "enterprise_number": "0123.456.789",
    }
    response = client.post(form_page.url, data)
    assert "enterprise_number" in response.context["form"].errors


def test_a_fake_pdf_is_refused_and_must_be_chosen_again(
    client, form_page, submission_data
):
    data = {**submission_data, "submission_token": _token(client, form_page)}
    fake = SimpleUploadedFile(
        "vraag.pdf", b"%PDF-1.7 this is not a pdf", content_type="application/pdf"
    )
    response = client.post(form_page.url, {**data, "attachment": fake})
    form = response.context["form"]
    assert list(form.errors) == ["attachment"]
    assert form.kept_attachment is None
    assert "Kapucijnenvoer 10" in response.content.decode()
    assert ResearchQuestion.objects.count() == 0


def test_a_valid_attachment_is_kept_across_a_failed_submit(
    client, form_page, submission_data, django_capture_on_commit_callbacks
):
    from engage.core.uploads import stash_storage

    data = {**submission_data, "submission_token": _token(client, form_page)}
    del data["privacy_consent"]
    pdf = minimal_pdf("Onze bijlage")
    response = client.post(
        form_page.url,
        {**data, "attachment": SimpleUploadedFile("bijlage.pdf", pdf)},
    )
    form = response.context["form"]
    assert form.kept_attachment is not None
    content = response.content.decode()
    assert "bijlage.pdf" in content
    reference = re.search(r'name="attachment_ref" value="([^"]+)"', content)[1]
    stash_path = form.kept_attachment[0]
    assert stash_path.startswith(STASH_PREFIX)
    # Second try: consent given, no file chosen again.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_page.url,
            {**data, "privacy_consent": "on", "attachment_ref": reference},
        )
    assert response.status_code == 302
    question = ResearchQuestion.objects.get()
    with question.attachment.open("rb") as handle:
        assert handle.read() == pdf
    assert question.attachment.name.endswith("bijlage.pdf")
    assert not stash_storage().exists(stash_path)


def test_a_tampered_attachment_reference_is_ignored(client, form_page, submission_data):
    data = {
        **submission_data,
        "submission_token": _token(client, form_page),
        "attachment_ref": "science_shop/stash/abc/evil.pdf:forged",
    }
    response = client.post(form_page.url, data)
    assert response.status_code == 302
    assert not ResearchQuestion.objects.get().attachment


def test_docx_attachment_is_accepted(client, form_page, submission_data):
    data = {**submission_data, "submission_token": _token(client, form_page)}
    response = client.post(
        form_page.url,
        {**data, "attachment": SimpleUploadedFile("vraag.docx", _docx_bytes())},
    )
    assert response.status_code == 302
    assert ResearchQuestion.objects.get().attachment.name.endswith("vraag.docx")


# -- The email and the follow link ----------------------------------------------------


def test_submitter_gets_an_email_in_their_language_with_a_working_follow_link(
    client, form_page, submission_data, django_capture_on_commit_callbacks
):
    data = {**submission_data, "submission_token": _token(client, form_page)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, data)
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    question = ResearchQuestion.objects.get()
    assert question.reference in thanks.content.decode()
    (email,) = mail.outbox
    assert email.to == ["els@lampeke.be"]
    assert email.subject == f"We hebben je vraag ontvangen ({question.reference})"
    link = re.search(
        r"https?://\S+/(?:science-shop|wetenschapswinkel)/follow/\S+/", email.body
    )[0]
    page = client.get(urlparse(link).path)
    assert page.status_code == 200
    assert question.title in page.content.decode()


def test_english_submitter_gets_english_email(
    submission_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question, _ = services.submit_question(
            submission=_submission(submission_data, language="en")
        )
    assert mail.outbox[0].subject == f"We received your question ({question.reference})"


def test_form_page_is_available_in_dutch(client, form_page):
    nl = form_page.get_translation(Locale.objects.get(language_code="nl"))
    content = client.get(nl.url).content.decode()
    assert '<html lang="nl">' in content
    assert "Stel een vraag" in content
    assert "Verstuur mijn vraag" in content
    assert 'class="science-shop-hp" aria-hidden="true"' in content


def test_abandoned_kept_attachments_are_purged(settings):
    import os
    import time

    from engage.core.uploads import stash_storage
    from science_shop.forms import purge_stale_stashes, read_stash, stash_attachment

    old = stash_attachment(SimpleUploadedFile("oud.pdf", minimal_pdf()))
    old_path = read_stash(old)[0]
    long_ago = time.time() - 3 * 24 * 3600
    os.utime(stash_storage().path(old_path), (long_ago, long_ago))
    fresh = stash_attachment(SimpleUploadedFile("nieuw.pdf", minimal_pdf()))
    assert not stash_storage().exists(old_path)
    assert read_stash(old) is None
    assert read_stash(fresh) is not None
    assert purge_stale_stashes() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_stores_one_question(submission_data):
    """Two requests with the same token race; the unique token decides."""
    import threading

    from django.db import connection

    token = uuid.uuid4()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            results.append(
                services.submit_question(
                    submission=_submission(submission_data),
                    submission_token=token,
                    address="10.0.0.7",
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert ResearchQuestion.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert len({question.pk for question, _ in results}) == 1
