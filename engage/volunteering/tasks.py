"""KOTengage's background work (the worker runs it; cron or a scheduler enqueues it)."""

from django.tasks import task

from engage.volunteering import services


@task()
def run_periodic_work() -> dict:
    """Expire waitlist offers (and offer the places on), send shift reminders and
    ask organisers for attendance. Safe to run as often as wanted.
    """
    return services.run_periodic_work()
