"""Background work of the Science Shop (queued by the scheduler)."""

from django.tasks import task


@task()
def purge_stale_attachments() -> int:
    """Delete attachments kept for abandoned submission forms (older than a day)."""
    from science_shop.forms import purge_stale_stashes

    return purge_stale_stashes()
