"""Gunicorn settings read from the project directory (`gunicorn engage.wsgi`)."""


def post_worker_init(worker):
    """Warm WeasyPrint in each worker, so no student waits for the first PDF."""
    from engage.core.pdf import warm_up

    worker.log.info("PDF engine warmed in %.1f s", warm_up())
