"""Kept attachments (a valid file waiting while the form is corrected) count against
the address's limit, and all kept files together stay under a cap."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from engage.core.uploads import STASH_ROOT, stash_storage
from science_shop.factories import minimal_pdf
from science_shop.models import ResearchQuestion

pytestmark = pytest.mark.django_db


def _token(client, page):
    content = client.get(page.url).content.decode()
    return re.search(r'name="submission_token" value="([^"]+)"', content)[1]


def _kept_files() -> list[Path]:
    root = Path(stash_storage().path(STASH_ROOT))
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _invalid_post_with_file(client, page, data, name="bijlage.pdf", **extra):
    """Consent missing (so invalid), a valid PDF attached."""
    payload = {**data, "submission_token": _token(client, page)}
    del payload["privacy_consent"]
    payload["attachment"] = SimpleUploadedFile(name, minimal_pdf("Onze bijlage"))
    return client.post(page.url, payload, **extra)


def test_kept_uploads_count_against_the_address_limit(
    client, form_page, submission_data, settings
):
    settings.SCIENCE_SHOP_SUBMISSION_LIMIT = (2, 3600)
    for _ in range(2):
        response = _invalid_post_with_file(client, form_page, submission_data)
        assert response.context["form"].kept_attachment is not None
    assert len(_kept_files()) == 2
    response = _invalid_post_with_file(client, form_page, submission_data)
    form = response.context["form"]
    assert form.kept_attachment is None
    assert "attachment" in form.errors
    assert len(_kept_files()) == 2
    content = response.content.decode()
    assert "Kapucijnenvoer 10" in content  # nothing typed is lost
    # The limit is the address's: another one may still keep a file.
    response = _invalid_post_with_file(
        client, form_page, submission_data, REMOTE_ADDR="10.9.9.9"
    )
    assert response.context["form"].kept_attachment is not None
    assert ResearchQuestion.objects.count() == 0


def test_a_blocked_submission_keeps_no_file(
    client, form_page, submission_data, settings
):
    settings.SCIENCE_SHOP_SUBMISSION_LIMIT = (1, 3600)
    data = {**submission_data, "submission_token": _token(client, form_page)}
    assert client.post(form_page.url, data).status_code == 302
    data = {
        **submission_data,
        "submission_token": _token(client, form_page),
        "attachment": SimpleUploadedFile("bijlage.pdf", minimal_pdf()),
    }
    response = client.post(form_page.url, data)
    assert response.status_code == 429
    assert _kept_files() == []


def test_all_kept_uploads_together_stay_under_the_cap(
    client, form_page, submission_data, settings
):
    size = len(minimal_pdf("Onze bijlage"))
    settings.ENGAGE_STASH_MAX_BYTES = size * 2 + size // 2
    for index in range(2):
        response = _invalid_post_with_file(
            client, form_page, submission_data, REMOTE_ADDR=f"10.0.0.{index}"
        )
        assert response.context["form"].kept_attachment is not None
    response = _invalid_post_with_file(
        client, form_page, submission_data, REMOTE_ADDR="10.0.0.9"
    )
    form = response.context["form"]
    assert form.kept_attachment is None
    assert "could not keep your file" in " ".join(form.errors["attachment"])
    assert len(_kept_files()) == 2
    assert (
        sum(p.stat().st_size for p in _kept_files()) <= settings.ENGAGE_STASH_MAX_BYTES
    )
