"""One-purpose emailed links are spent when used; later changes go through a
coordinator and are audited."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engage.accounts.factories import (
    CoordinatorFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.volunteering import services
from engage.volunteering.factories import ShiftFactory
from engage.volunteering.models import HoursLog, SignUp
from partners.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    """The emailed links are Dutch pages; leave the thread in English after."""
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture
def past_shift(opportunity):
    """A shift that ended an hour ago, with two confirmed students."""
    start = timezone.now() - datetime.timedelta(hours=3)
    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=3,
    )
    earlier = start - datetime.timedelta(days=1)
    signups = [
        services.sign_up(shift=shift, student=s, actor=s, now=earlier)
        for s in (StudentFactory(), StudentFactory())
    ]
    return shift, signups


def _attendance_path(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_attendance()
    link = re.search(r"http://\S+/organiser/attendance/\S+/", mail.outbox[0].body)
    return urlsplit(link.group()).path


def statuses(signups):
    return [
        (s.status, s.hours)
        for s in SignUp.objects.filter(pk__in=[x.pk for x in signups]).order_by("pk")
    ]


def test_the_attendance_link_is_spent_after_attendance_is_recorded(
    client, past_shift, django_capture_on_commit_callbacks
):
    shift, signups = past_shift
    path = _attendance_path(django_capture_on_commit_callbacks)
    attended = [str(s.pk) for s in signups]
    client.post(path, {"attended": attended, "name": "Els Peeters"})
    recorded = statuses(signups)
    assert [status for status, _hours in recorded] == ["attended", "attended"]

    again = client.get(path)
    assert again.status_code == 410
    assert "Deze link werd al gebruikt" in again.content.decode()
    # The second use of the issue: flip both to no-show with 0 hours.
    flipped = client.post(path, {"attended": [], "name": "Iemand"})
    assert flipped.status_code == 410
    assert statuses(signups) == recorded
    assert (
        ModelLogEntry.objects.for_instance(shift)
        .filter(action__startswith="volunteering.shift.attendance")
        .count()
        == 1
    )


def test_after_the_first_recording_only_a_coordinator_corrects_and_it_is_audited(
    client, past_shift, django_capture_on_commit_callbacks
):
    shift, (came, absent) = past_shift
    organiser = PartnerContactUserFactory()
    ContactFactory(organisation=shift.opportunity.organisation, user=organiser)
    services.record_attendance(shift=shift, attended_ids=[came.pk], actor=organiser)
    # The organiser's own page no longer offers the form; the service refuses.
    client.force_login(organiser)
    page = client.get(f"/en/volunteering/organiser/shifts/{shift.pk}/")
    assert "Save attendance" not in page.content.decode()
    assert "ask the Engage office" in page.content.decode()
    with pytest.raises(Exception, match="already recorded"):
        services.record_attendance(shift=shift, attended_ids=[], actor=organiser)
    with pytest.raises(Exception, match="already recorded"):
        services.record_attendance(
            shift=shift, attended_ids=[], actor=None, by_name="Link"
        )
    assert SignUp.objects.get(pk=came.pk).status == "attended"

    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    url = f"/en/volunteering/organiser/shifts/{shift.pk}/"
    assert "Save attendance" in client.get(url).content.decode()
    client.post(url, {"attended": [str(came.pk), str(absent.pk)]})
    assert SignUp.objects.get(pk=absent.pk).status == "attended"
    assert SignUp.objects.get(pk=absent.pk).hours == Decimal("2.00")
    entry = ModelLogEntry.objects.for_instance(shift).get(
        action="volunteering.shift.attendance_corrected"
    )
    assert entry.user == coordinator
    assert entry.data["changes"] == [
        {"signup": absent.pk, "from": "no_show", "to": "attended"}
    ]


def test_the_extra_hours_link_decides_once(
    client, past_shift, django_capture_on_commit_callbacks
):
    shift, (signup, _other) = past_shift
    with django_capture_on_commit_callbacks(execute=True):
        log = services.log_hours(
            student=signup.student,
            opportunity=shift.opportunity,
            date=timezone.localdate(),
            hours=2,
            description="Extra visit",
            actor=signup.student,
        )
    link = re.search(r"http://\S+/organiser/extra-hours/\S+/", mail.outbox[-1].body)
    path = urlsplit(link.group()).path
    client.post(path, {"decision": "approve", "name": "Els"})
    log.refresh_from_db()
    assert log.status == HoursLog.Status.APPROVED
    again = client.get(path)
    assert again.status_code == 410
    assert "Deze link werd al gebruikt" in again.content.decode()
    refused = client.post(path, {"decision": "reject", "note": "No", "name": "X"})
    assert refused.status_code == 410
    log.refresh_from_db()
    assert (log.status, log.decided_by_name) == (HoursLog.Status.APPROVED, "Els")


def test_a_spent_token_is_refused_by_the_service_too(past_shift):
    from engage.accounts.signed_links import SignedLinkUsed, make_token

    shift, signups = past_shift
    token = make_token(services.ATTENDANCE_PURPOSE, {"shift": shift.pk})
    services.record_attendance(
        shift=shift,
        attended_ids=[signups[0].pk],
        actor=None,
        by_name="Els",
        link_token=token,
    )
    coordinator = CoordinatorFactory()
    with pytest.raises(SignedLinkUsed):
        services.record_attendance(
            shift=shift, attended_ids=[], actor=coordinator, link_token=token
        )
    assert SignUp.objects.get(pk=signups[0].pk).status == "attended"
