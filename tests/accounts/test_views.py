import pytest

from engage.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_sets_preferred_language(client, student, site_pages):
    response = client.post(
        "/en/accounts/login/",
        {"username": student.email.upper(), "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "nl"


def test_wrong_password_keeps_the_email_and_says_why(client, student, site_pages):
    response = client.post(
        "/en/accounts/login/", {"username": student.email, "password": "wrong"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert student.email in content
    assert "correct email address and password" in content


def test_my_engage_needs_login(client):
    response = client.get("/en/accounts/me/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]
