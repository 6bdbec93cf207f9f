"""The site's own views under prefixes in the page's language, old links redirected,
and every emailed link in the language of the person who reads it."""

import pytest
from django.urls import reverse
from django.utils import translation

from engage.core.emails import localise_links, render_email, translate_url
from engage.volunteering.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_dutch_pages_of_the_site_s_own_views_have_dutch_prefixes():
    with translation.override("nl"):
        assert reverse("volunteering:my_engagement").startswith(
            "/nl/vrijwilligerswerk/"
        )
        questions = reverse("science_shop:open_questions")
        assert questions.startswith("/nl/wetenschapswinkel/")
    with translation.override("en"):
        assert reverse("volunteering:my_engagement").startswith("/en/volunteering/")
        questions = reverse("science_shop:open_questions")
        assert questions.startswith("/en/science-shop/")


def test_an_old_dutch_link_with_an_english_prefix_is_redirected(client, reference_data):
    opportunity = OpportunityFactory(title_nl="Huiswerkklas")
    response = client.get(
        f"/nl/volunteering/opportunities/{opportunity.pk}/", {"from": "mail"}
    )
    assert response.status_code == 301
    assert response["Location"] == (
        f"/nl/vrijwilligerswerk/opportunities/{opportunity.pk}/?from=mail"
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Huiswerkklas" in page.content.decode()


def test_a_cms_page_whose_slug_looks_like_an_old_prefix_is_still_served(
    client, site_pages
):
    """The Dutch Science Shop page keeps its slug; it is not redirected away."""
    response = client.get("/nl/science-shop/")
    assert response.status_code == 200


def test_unknown_paths_under_an_old_prefix_are_not_found(client, site_pages):
    assert client.get("/nl/volunteering/no-such-thing/").status_code == 404


def test_links_to_views_and_pages_follow_the_reader_s_language(
    settings, site_pages, reference_data
):
    settings.ENGAGE_BASE_URL = "https://engage.example"
    opportunity = OpportunityFactory()
    with translation.override("en"):
        view = "https://engage.example" + reverse(
            "volunteering:opportunity", args=[opportunity.pk]
        )
    assert translate_url(view + "?a=1#shift-3", "nl") == (
        f"https://engage.example/nl/vrijwilligerswerk/opportunities/{opportunity.pk}/"
        "?a=1#shift-3"
    )
    assert translate_url("https://engage.example/en/about/", "nl") == (
        "https://engage.example/nl/about/"
    )
    other = "https://example.org/en/volunteering/opportunities/1/"
    assert translate_url(other, "nl") == other
    text = f"Open {view} or https://example.org/en/x/."
    assert localise_links(text, "nl") == (
        "Open https://engage.example/nl/vrijwilligerswerk/opportunities/"
        f"{opportunity.pk}/ or https://example.org/en/x/."
    )


def test_a_rendered_email_links_in_its_own_language(settings, reference_data):
    settings.ENGAGE_BASE_URL = "https://engage.example"
    opportunity = OpportunityFactory()
    with translation.override("en"):  # the sender's language
        url = "https://engage.example" + reverse(
            "volunteering:opportunity", args=[opportunity.pk]
        )
    message = render_email(
        "placements/emails/placement_proposed_partner",
        {"url": url, "mentor": None, "student": None, "offer": None, "course": None},
        "nl",
    )
    assert (
        f"https://engage.example/nl/vrijwilligerswerk/opportunities/{opportunity.pk}/"
        in message["body"]
    )
    assert "/en/" not in message["body"]
