"""The demo seeder: ~80 questions over every state, pages in both languages."""

import pytest
from django.db.models import Count
from wagtail.models import Locale

from cms.models import ScienceShopResultsPage, ScienceShopSubmissionPage
from science_shop import demo
from science_shop.models import ResearchQuestion

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_is_idempotent(site_pages, client):
    from engage.accounts.demo import seed as seed_people

    seed_people()
    demo.seed()
    questions = ResearchQuestion.objects.all()
    assert 75 <= questions.count() <= 85
    per_state = dict(questions.values_list("status").annotate(n=Count("pk")))
    assert set(per_state) == set(ResearchQuestion.Status.values)
    assert questions.filter(referred_from__isnull=False).exists()
    assert questions.filter(referred_to__isnull=False).exists()
    for question in questions.select_related("organisation"):
        question.full_clean(exclude=["attachment", "report"])

    nl = Locale.objects.get(language_code="nl")
    for model in (ScienceShopSubmissionPage, ScienceShopResultsPage):
        page = model.objects.get(locale__language_code="en")
        assert page.get_translation(nl).live
        assert client.get(page.url).status_code == 200
    results = ScienceShopResultsPage.objects.get(locale__language_code="en")
    assert "Older residents" in client.get(results.url).content.decode()
    science_shop = client.get("/nl/science-shop/").content.decode()
    assert "Stel de Wetenschapswinkel een vraag" in science_shop

    count = questions.count()
    demo.seed()
    assert ResearchQuestion.objects.count() == count
    assert ScienceShopSubmissionPage.objects.count() == 2
