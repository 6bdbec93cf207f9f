from datetime import timedelta

import pytest
from django.core import signing

from engage.accounts.signed_links import (
    SignedLinkExpired,
    SignedLinkInvalid,
    make_token,
    read_token,
    signed_url,
)


def test_round_trip_returns_the_payload():
    token = make_token("approve-hours", {"entry": 12})
    assert read_token(token, "approve-hours") == {"entry": 12}


def test_token_for_one_purpose_is_useless_for_another():
    token = make_token("approve-hours", {"entry": 12})
    with pytest.raises(SignedLinkInvalid):
        read_token(token, "sign-agreement")


def test_tampered_token_is_refused():
    token = make_token("approve-hours", {"entry": 12})
    with pytest.raises(SignedLinkInvalid):
        read_token(
            token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "approve-hours"
        )


def test_expired_token_is_refused(monkeypatch):
    token = make_token("approve-hours", {"entry": 12})
    real_loads = signing.loads

    def later(*args, **kwargs):
        kwargs["max_age"] = timedelta(seconds=-1)
        return real_loads(*args, **kwargs)

    monkeypatch.setattr(signing, "loads", later)
    with pytest.raises(SignedLinkExpired) as excinfo:
        read_token(token, "approve-hours")
    assert "expired" in str(excinfo.value.message)


def test_signed_url_is_absolute_and_carries_a_valid_token(settings):
    settings.ENGAGE_BASE_URL = "https://engage.example"
    url = signed_url("accounts:password_set", "demo", {"x": 1}, uidb64="abc")
    assert url.startswith("https://engage.example/en/accounts/password/set/abc/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert read_token(token, "demo") == {"x": 1}
