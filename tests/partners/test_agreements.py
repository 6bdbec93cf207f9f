"""Agreements: guarded transitions, the signed PDF, expiry and the renewal reminder."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from engage.core.exceptions import InvalidTransition
from partners import services
from partners.factories import AgreementFactory, OrganisationFactory, pdf_bytes
from partners.models import Agreement, PartnerSettings

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def upload(name="signed.pdf", content=None):
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, "application/pdf"
    )


def test_the_happy_path_draft_sent_signed(reference_data, coordinator):
    agreement = AgreementFactory()
    services.send_agreement(agreement=agreement, actor=coordinator)
    agreement = services.sign_agreement(
        agreement=agreement,
        signed_document=upload(),
        signed_on=TODAY,
        actor=coordinator,
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.signed_on == TODAY
    assert agreement.signed_document.name.endswith(".pdf")
    assert agreement.is_valid_on(TODAY)
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(agreement.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"partners.agreement.sent", "partners.agreement.signed"} <= actions


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        ("sent", "send"),
        ("signed", "send"),
        ("expired", "terminate"),
        ("draft", "terminate"),
        ("terminated", "sign"),
        ("draft", "expire"),
    ],
)
def test_refused_transitions_raise_and_change_nothing(
    reference_data, status, transition
):
    if status in ("draft", "sent"):
        agreement = AgreementFactory(status=status)
    else:
        agreement = AgreementFactory(
            signed=True,
            status=status,
            termination_reason="Stopped" if status == "terminated" else "",
        )
    with pytest.raises(InvalidTransition) as excinfo:
        if transition == "send":
            agreement.send(on=TODAY)
        elif transition == "terminate":
            agreement.terminate(reason="No longer needed", on=TODAY)
        elif transition == "sign":
            agreement.sign(on=TODAY)
        else:
            agreement.expire(today=TODAY)
    assert str(excinfo.value)
    assert agreement.status == status


def test_signing_needs_the_pdf_and_a_date_not_in_the_future(reference_data):
    agreement = AgreementFactory(status="sent")
    with pytest.raises(InvalidTransition, match="Upload the signed PDF"):
        agreement.sign(on=TODAY)
    agreement.signed_document = upload()
    with pytest.raises(InvalidTransition, match="future"):
        agreement.sign(on=TODAY + DAY)


def test_a_fake_pdf_is_refused_by_content(reference_data, coordinator):
    agreement = AgreementFactory(status="sent")
    with pytest.raises(ValidationError) as excinfo:
        services.sign_agreement(
            agreement=agreement,
            signed_document=upload(content=b"%PDF-1.4 this is not really a pdf"),
            signed_on=TODAY,
            actor=coordinator,
        )
    assert "signed_document" in excinfo.value.message_dict
    agreement.refresh_from_db()
    assert agreement.status == "sent"


def test_an_oversized_pdf_is_refused(reference_data, coordinator, monkeypatch):
    monkeypatch.setattr("partners.models.AGREEMENT_MAX_BYTES", 10)
    field = Agreement._meta.get_field("signed_document")
    validator = field.validators[0]
    monkeypatch.setattr(validator, "max_bytes", 100)
    agreement = AgreementFactory(status="sent")
    with pytest.raises(ValidationError, match="limit"):
        services.sign_agreement(
            agreement=agreement,
            signed_document=upload(),
            signed_on=TODAY,
            actor=coordinator,
        )


def test_the_database_refuses_a_signed_agreement_without_its_pdf(reference_data):
    agreement = AgreementFactory.build(
        organisation=OrganisationFactory(), status="signed", signed_on=TODAY
    )
    with pytest.raises(ValidationError, match="signed PDF"):
        agreement.full_clean()


def test_termination_needs_a_reason(reference_data, coordinator):
    agreement = AgreementFactory(signed=True)
    with pytest.raises(InvalidTransition, match="why"):
        services.terminate_agreement(
            agreement=agreement, reason="  ", actor=coordinator
        )
    services.terminate_agreement(
        agreement=agreement, reason="The project ended.", actor=coordinator
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TERMINATED
    assert agreement.ended_on == TODAY


def test_the_admin_sign_screen_checks_the_upload(admin_client, reference_data):
    agreement = AgreementFactory(status="sent")
    url = f"/admin/partners/agreements/sign/{agreement.pk}/"
    bad = admin_client.post(
        url,
        {
            "signed_document": upload("signed.pdf", b"not a pdf at all"),
            "signed_on": TODAY.isoformat(),
        },
    )
    assert bad.status_code == 200
    assert "not a valid PDF" in bad.content.decode()
    good = admin_client.post(
        url, {"signed_document": upload(), "signed_on": TODAY.isoformat()}
    )
    assert good.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    document = admin_client.get(f"/admin/partners/agreements/document/{agreement.pk}/")
    assert b"".join(document.streaming_content).startswith(b"%PDF-")


# The renewal reminder ----------------------------------------------------------------


@pytest.fixture
def owner(reference_data):
    from engage.accounts.factories import CoordinatorFactory

    return CoordinatorFactory(email="owner@kuleuven.be", preferred_language="nl")


def test_the_owner_is_reminded_once_per_end_date(
    owner, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Buurtwerk De Brug", account_owner=owner)
    ending = AgreementFactory(
        organisation=organisation, signed=True, valid_until=TODAY + 60 * DAY
    )
    AgreementFactory(signed=True, valid_until=TODAY + 70 * DAY)  # not yet
    AgreementFactory(valid_until=TODAY + 30 * DAY)  # a draft: nothing to renew

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_expiring_agreements(today=TODAY) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner@kuleuven.be"]
    assert "Buurtwerk De Brug" in message.subject
    assert "60 dagen" in message.body  # in the owner's language
    assert f"/admin/partners/organisations/overview/{organisation.pk}/" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_expiring_agreements(today=TODAY + DAY) == 0
    assert len(mailoutbox) == 1

    # A new end date (the agreement was prolonged) gets its own reminder.
    Agreement.objects.filter(pk=ending.pk).update(valid_until=TODAY + 50 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_expiring_agreements(today=TODAY) == 1
    assert len(mailoutbox) == 2


def test_the_office_tunes_the_number_of_days(
    owner, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    settings = PartnerSettings.for_site(Site.objects.get(is_default_site=True))
    settings.agreement_reminder_days = 90
    settings.save()
    AgreementFactory(
        organisation=OrganisationFactory(account_owner=owner),
        signed=True,
        valid_until=TODAY + 85 * DAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_expiring_agreements(today=TODAY) == 1
    assert len(mailoutbox) == 1


def test_without_an_owner_the_engage_coordinators_are_reminded(
    coordinator, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    AgreementFactory(
        organisation=OrganisationFactory(account_owner=None),
        signed=True,
        valid_until=TODAY + 10 * DAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_expiring_agreements(today=TODAY)
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_the_daily_command_expires_and_reminds(
    owner, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    past = AgreementFactory(
        signed=True,
        valid_from=TODAY - 400 * DAY,
        valid_until=TODAY - DAY,
    )
    AgreementFactory(
        organisation=OrganisationFactory(account_owner=owner),
        signed=True,
        valid_until=TODAY + 20 * DAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_agreement_reminders")
    past.refresh_from_db()
    assert past.status == Agreement.Status.EXPIRED
    assert past.ended_on == TODAY - DAY
    assert len(mailoutbox) == 1


def test_the_task_can_be_queued_for_the_worker(owner, site_pages, capsys):
    call_command("send_agreement_reminders", "--enqueue")
    assert "Queued agreement reminders" in capsys.readouterr().out
