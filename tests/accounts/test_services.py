import re

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from engage.accounts.models import Role, User
from engage.accounts.services import invite_user

pytestmark = pytest.mark.django_db


def test_invitation_creates_account_with_role_and_emails_after_commit(
    coordinator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user = invite_user(
            email="Mentor@Example.org",
            first_name="Els",
            last_name="Vos",
            role=Role.PARTNER_CONTACT,
            actor=coordinator,
            language="nl",
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert user.email == "mentor@example.org"
    assert user.has_role(Role.PARTNER_CONTACT)
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mentor@example.org"]
    assert "Engage" in message.subject
    assert ModelLogEntry.objects.filter(
        action="engage.accounts.invited", object_id=str(user.pk)
    ).exists()

    # The link lets the person choose a password, once.
    link = re.search(r"https?://\S+/password/set/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {
            "new_password1": "a-long-good-passphrase",
            "new_password2": "a-long-good-passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-good-passphrase")


def test_inviting_an_existing_person_reuses_the_account(coordinator, student):
    user = invite_user(
        email=student.email.upper(),
        first_name="X",
        last_name="Y",
        role=Role.LECTURER,
        actor=coordinator,
    )
    assert user.pk == student.pk
    assert User.objects.filter(email=student.email).count() == 1
    assert user.has_role(Role.LECTURER) and user.has_role(Role.STUDENT)
