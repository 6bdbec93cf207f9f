"""`make run` seeds every module's demo data together; it must work, twice."""

import pytest
from django.core.management import call_command

from engage.accounts.demo import DEMO_LOGINS
from engage.accounts.models import User


@pytest.mark.django_db
def test_whole_demo_seeds_and_reseeds_without_duplicates():
    call_command("seed_demo", quiet_logins=True)
    users = User.objects.count()
    call_command("seed_demo", quiet_logins=True)
    assert User.objects.count() == users
    for _role, email in DEMO_LOGINS:
        assert User.objects.get(email=email).check_password("engage-demo-2026")
