from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from engage.core.models import PeriodicTaskRun
from engage.core.scheduler import enqueue_due


@pytest.fixture
def one_task(settings):
    settings.ENGAGE_PERIODIC_TASKS = [("partners.tasks.send_agreement_reminders", 3600)]


@pytest.mark.django_db
def test_a_due_task_is_queued_once_per_interval(
    one_task, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert enqueue_due(now) == ["partners.tasks.send_agreement_reminders"]
        assert enqueue_due(now + timedelta(minutes=59)) == []
    assert len(callbacks) == 1
    assert enqueue_due(now + timedelta(minutes=61)) == [
        "partners.tasks.send_agreement_reminders"
    ]
    run = PeriodicTaskRun.objects.get()
    assert run.last_enqueued_at == now + timedelta(minutes=61)


@pytest.mark.django_db
def test_queued_task_really_runs(one_task, django_capture_on_commit_callbacks):
    """The immediate backend runs it: an agreement ending soon gets its reminder."""
    from engage.accounts.factories import CoordinatorFactory
    from partners.factories import AgreementFactory, OrganisationFactory

    owner = CoordinatorFactory()
    today = timezone.localdate()
    AgreementFactory(
        signed=True,
        organisation=OrganisationFactory(account_owner=owner),
        valid_from=today - timedelta(days=300),
        valid_until=today + timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_due()
    assert [m.to for m in mail.outbox] == [[owner.email]]
