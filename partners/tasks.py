"""Background work of the partner CRM (run by the worker; cron enqueues it daily)."""

from django.tasks import task


@task()
def send_agreement_reminders() -> int:
    """Expire ended agreements and email owners of those ending soon (once each)."""
    from partners.services import remind_expiring_agreements

    return remind_expiring_agreements()
