"""Development emails are readable (links whole) and kept as files; log lines once."""

import email
import io
import logging
import logging.config

from django.core.mail import EmailMessage

from engage.core.mail import DevelopmentEmailBackend

LINK = (
    "http://127.0.0.1:8000/nl/service-learning/partner/mentor/"
    "eyJwIjoyMiwiYyI6M30:1xZKMM:7dSy9nHGPHPchE6e1CFRQPnCMtnFRy6RF1KQ1sLDlYA/"
)


def test_a_development_email_shows_its_link_whole_and_is_kept_as_files(tmp_path):
    stream = io.StringIO()
    backend = DevelopmentEmailBackend(stream=stream, directory=tmp_path)
    body = "Beste Mieke,\n\nAanvaard de student via deze link: " + LINK + "\n\n— Engage"
    message = EmailMessage("Een student voor “Huiswerkklas”", body, to=["m@x.be"])
    assert backend.send_messages([message]) == 1

    printed = stream.getvalue()
    assert any(line.endswith(LINK) for line in printed.splitlines())
    assert "=\n" not in printed and "=C3" not in printed  # no quoted-printable
    [text_file] = tmp_path.glob("*.txt")
    text = text_file.read_text(encoding="utf-8")
    assert "Subject: Een student voor “Huiswerkklas”" in text
    assert any(line.endswith(LINK) for line in text.splitlines())
    [eml_file] = tmp_path.glob("*.eml")
    parsed = email.message_from_bytes(eml_file.read_bytes())
    assert parsed["To"] == "m@x.be"
    assert LINK in parsed.get_payload(decode=True).decode("utf-8")


def test_development_settings_use_the_readable_backend(monkeypatch):
    import importlib

    monkeypatch.delenv("EMAIL_URL", raising=False)
    import engage.settings.dev as dev

    dev = importlib.reload(dev)
    assert (
        dev.MAILERS["default"]["BACKEND"] == "engage.core.mail.DevelopmentEmailBackend"
    )


def test_a_task_status_line_is_logged_once(settings):
    """With DEBUG on, Django's default logging and the project's both printed
    `django.*` lines (the worker's task status lines twice)."""
    settings.DEBUG = True
    from django.utils.log import DEFAULT_LOGGING

    from engage.settings.base import LOGGING

    stream = io.StringIO()
    logging.config.dictConfig(DEFAULT_LOGGING)
    logging.config.dictConfig(LOGGING)
    handlers = logging.getLogger().handlers + logging.getLogger("django").handlers
    try:
        for handler in handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(stream)
        logging.getLogger("django.tasks").info("Task id=abc state=SUCCESSFUL")
        assert stream.getvalue().count("Task id=abc state=SUCCESSFUL") == 1
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
