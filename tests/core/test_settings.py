"""Production settings: refuse to start without a secret, pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "engage.settings.production",
    "DJANGO_SECRET_KEY": "x7$kq!v2@p9#lm4&zr8^tw1*ny6(bh3)jd5_fs0+ce-gu=ao-Kv8Lr2Qm",
    "DJANGO_ALLOWED_HOSTS": "engage.kuleuven.be",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://engage.kuleuven.be",
    "DATABASE_URL": "sqlite:////tmp/engage-deploy-check.sqlite3",
    "ENGAGE_BASE_URL": "https://engage.kuleuven.be",
    "EMAIL_URL": "smtp+tls://engage:secret@smtp.kuleuven.be:587",
}


def _run(args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "EMAIL_URL"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=900,  # generous: a loaded machine is slow, not wrong
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_an_email_url():
    # Without it every email (password links included) would go to the log.
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"}
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "EMAIL_URL is not set" in result.stderr


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    ],
)
def test_check_deploy_reports_an_email_backend_that_sends_nothing(settings, backend):
    from engage.core.checks import check_email_is_sent

    settings.MAILERS = {"default": {"BACKEND": backend, "OPTIONS": {}}}
    (error,) = check_email_is_sent(None)
    assert error.id == "engage.E001"
    assert "EMAIL_URL" in error.hint


def test_check_deploy_accepts_smtp(settings):
    from engage.core.checks import check_email_is_sent

    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    }
    assert check_email_is_sent(None) == []


def test_check_deploy_is_clean_with_the_documented_variables():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_example_documents_every_variable():
    documented = (ROOT / ".env.example").read_text()
    for name in [*PRODUCTION_ENV, "DJANGO_DEBUG", "DJANGO_DEFAULT_FROM_EMAIL"]:
        if name == "DJANGO_SETTINGS_MODULE":
            continue
        assert name in documented, name
