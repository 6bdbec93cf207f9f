"""A small scheduler for periodic work: it only *queues* tasks; workers run them.

`settings.ENGAGE_PERIODIC_TASKS` lists `(dotted path of a django.tasks task, seconds)`.
Several scheduler processes may run (one per worker host): a row lock on each task's
`PeriodicTaskRun` makes sure a due task is queued once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from engage.core.models import PeriodicTaskRun


@dataclass(frozen=True)
class PeriodicTask:
    path: str
    every: timedelta


def periodic_tasks() -> list[PeriodicTask]:
    return [
        PeriodicTask(path, timedelta(seconds=seconds))
        for path, seconds in settings.ENGAGE_PERIODIC_TASKS
    ]


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Queue every periodic task whose interval has passed; return their paths."""
    now = now or timezone.now()
    queued = []
    for periodic in periodic_tasks():
        with transaction.atomic():
            PeriodicTaskRun.objects.get_or_create(
                name=periodic.path,
                defaults={"last_enqueued_at": now - periodic.every},
            )
            run = PeriodicTaskRun.objects.select_for_update().get(name=periodic.path)
            if run.last_enqueued_at + periodic.every > now:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            task = import_string(periodic.path)
            transaction.on_commit(task.enqueue)
            queued.append(periodic.path)
    return queued
