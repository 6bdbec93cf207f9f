"""Development email: readable in the log and kept as files a newcomer can open.

Django's console backend prints the raw MIME message: quoted-printable bodies cut
signed links across lines, so they cannot be copied. This backend prints the
decoded text and writes each message twice into ENGAGE_DEV_EMAIL_DIR: a ``.txt``
to read and a ``.eml`` to open in a mail program.
"""

import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.text import slugify


def readable(message) -> str:
    """The message as a person reads it: headers, then the decoded text body."""
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
    ]
    if message.cc:
        lines.append(f"Cc: {', '.join(message.cc)}")
    if message.reply_to:
        lines.append(f"Reply-To: {', '.join(message.reply_to)}")
    lines += [f"Subject: {message.subject}", "", message.body]
    return "\n".join(lines)


class DevelopmentEmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, directory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self.directory = Path(directory or settings.ENGAGE_DEV_EMAIL_DIR)
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        sent = 0
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                text = readable(message)
                stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
                name = f"{stamp}-{slugify(message.subject)[:60] or 'email'}"
                (self.directory / f"{name}.txt").write_text(text, encoding="utf-8")
                (self.directory / f"{name}.eml").write_bytes(
                    message.message().as_bytes()
                )
                self.stream.write(f"{text}\n{'-' * 79}\n")
                self.stream.write(f"(saved as {self.directory / name}.txt)\n")
                self.stream.flush()
                sent += 1
        return sent
