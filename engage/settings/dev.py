"""Local development: debug on, a throwaway key, emails printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-engage-0123456789-abcdefghijklmnopqrstuvwxyz",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])

# Emails: readable in the worker's log and kept as files in .dev-emails/ (a real
# server only when EMAIL_URL says so).
ENGAGE_DEV_EMAIL_DIR = BASE_DIR / ".dev-emails"  # noqa: F405
if not env("EMAIL_URL", default=""):
    MAILERS = {"default": {"BACKEND": "engage.core.mail.DevelopmentEmailBackend"}}
