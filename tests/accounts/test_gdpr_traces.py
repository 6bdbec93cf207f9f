"""Erasure leaves no trace of the person in the audit log or the task queue, and a
person's export holds no one else's personal data."""

import json
import re

import pytest
from django.db.models import TextField
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry, PageLogEntry

from engage.accounts.factories import StudentFactory
from engage.core.audit import audit
from engage.core.gdpr import erase_personal_data, export_personal_data
from engage.core.tasks import send_email
from partners.factories import OrganisationFactory
from placements import services as placement_services
from placements.factories import EnrolmentFactory, OfferFactory, PlacementFactory
from placements.models import Placement

pytestmark = pytest.mark.django_db

NAME = "Anaïs Vanhoutte"
EMAIL = "anais.vanhoutte@student.kuleuven.be"
NUMBER = "r0999111"
IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")


@pytest.fixture
def db_tasks(settings):
    """Tasks wait in the database, as under `make run` and in production."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture
def person(reference_data, coordinator, django_capture_on_commit_callbacks):
    student = StudentFactory(
        first_name="Anaïs", last_name="Vanhoutte", email=EMAIL, student_number=NUMBER
    )
    offer = OfferFactory(places=2)
    placement = PlacementFactory(
        enrolment=EnrolmentFactory(student=student),
        offer=offer,
        status=Placement.Status.CONFIRMED,
    )
    placement_services.sign_agreement(
        placement=placement, party="student", name=NAME, ip="10.1.2.3", actor=student
    )
    placement_services.sign_agreement(
        placement=placement,
        party="mentor",
        name="Mieke Goossens",
        ip="192.168.7.8",
        actor=None,
    )
    # An entry about someone else's row that names the student.
    audit(
        OrganisationFactory(),
        "partners.organisation.updated",
        actor=coordinator,
        data={"note": f"Called by {NAME} <{EMAIL}> ({NUMBER})"},
    )
    return student


def _log_texts():
    for model in (ModelLogEntry, PageLogEntry):
        for label, data in model.objects.annotate(
            text=Cast("data", TextField())
        ).values_list("label", "text"):
            yield label
            yield data
            yield json.dumps(json.loads(data), ensure_ascii=False)


def _identifiers():
    return (NAME, "Anaïs", "Vanhoutte", EMAIL, NUMBER)


def test_erasure_scrubs_the_audit_log_and_names_no_one(person, coordinator):
    assert any(NAME in text for text in _log_texts())  # the trace exists before

    erase_personal_data(user=person, actor=coordinator)

    for text in _log_texts():
        for identifier in _identifiers():
            assert identifier.lower() not in text.lower(), text
    erased = ModelLogEntry.objects.get(action="engage.accounts.erased")
    assert erased.user == coordinator
    assert "Vanhoutte" not in erased.label and str(person.pk) in erased.label
    # The history stays: every entry is still there, only the person is gone.
    assert ModelLogEntry.objects.filter(action__startswith="placements.").exists()


def test_erasure_removes_queued_tasks_that_hold_the_address_or_body(
    person, coordinator, db_tasks
):
    from django_tasks_db.models import DBTaskResult

    send_email.enqueue(
        to=[EMAIL], subject="Your placement", body=f"Dear {NAME}, welcome."
    )
    send_email.enqueue(
        to=["mentor@debrug.example"],
        subject="A student signed",
        body=f"{NAME} ({NUMBER}) signed the agreement.",
    )
    send_email.enqueue(
        to=["someone@else.example"], subject="Unrelated", body="Hello Jan."
    )
    emails = DBTaskResult.objects.filter(task_path__endswith=".send_email")
    assert emails.count() == 3

    erase_personal_data(user=person, actor=coordinator)

    texts = [
        json.dumps(args, ensure_ascii=False)
        for args in DBTaskResult.objects.values_list("args_kwargs", flat=True)
        if "to" in args.get("kwargs", {})
    ]
    assert len(texts) == 1 and "someone@else.example" in texts[0]
    for text in texts:
        for identifier in _identifiers():
            assert identifier not in text


def test_a_students_export_holds_no_third_party_data(person):
    text = json.dumps(export_personal_data(person), ensure_ascii=False)
    assert "192.168.7.8" not in text  # the mentor's IP address
    assert "Mieke Goossens" not in text  # the mentor's name
    assert "mentor_signed" not in text
    # The only address left is the student's own (their signature), theirs to see.
    assert IPV4.findall(text) == ["10.1.2.3"]
    assert NAME in text
