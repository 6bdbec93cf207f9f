"""The public partner directory (a Wagtail page in English and Dutch)."""

import pytest

from cms.models import PartnerDirectoryPage
from engage.taxonomy.models import TargetGroup, Theme
from partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site_pages, reference_data):
    from partners.demo import _seed_directory_page

    _seed_directory_page()
    return PartnerDirectoryPage.objects.get(locale__language_code="en")


def test_lists_only_active_organisations_that_consented(client, directory):
    OrganisationFactory(name="Listed Partner")
    OrganisationFactory(name="No Consent", public_listing_consent=False)
    OrganisationFactory(name="Ended Partner", status="ended")
    OrganisationFactory(name="A Prospect", status="prospect")
    content = client.get("/en/partner-organisations/").content.decode()
    assert "Listed Partner" in content
    for hidden in ("No Consent", "Ended Partner", "A Prospect"):
        assert hidden not in content


def test_filters_by_theme_target_group_and_city(client, directory):
    education = Theme.objects.get(slug="education")
    youth = TargetGroup.objects.get(slug="children-youth")
    OrganisationFactory(name="School In Gent", city="Gent", themes=[education])
    OrganisationFactory(name="Youth In Leuven", city="Leuven", target_groups=[youth])
    OrganisationFactory(name="Other In Leuven", city="Leuven")

    def names(**params):
        response = client.get("/en/partner-organisations/", params)
        return sorted(o.name for o in response.context["organisations"])

    assert names(theme=education.pk) == ["School In Gent"]
    assert names(target_group=youth.pk) == ["Youth In Leuven"]
    assert names(city="Leuven") == ["Other In Leuven", "Youth In Leuven"]
    assert names(city="Leuven", target_group=youth.pk) == ["Youth In Leuven"]


def test_descriptions_follow_the_reader_language(client, directory):
    OrganisationFactory(
        name="Taalcafé",
        description_en="Language café for newcomers.",
        description_nl="Taalcafé voor nieuwkomers.",
    )
    english = client.get("/en/partner-organisations/").content.decode()
    dutch = client.get("/nl/partnerorganisaties/").content.decode()
    assert "Language café for newcomers." in english
    assert "Taalcafé voor nieuwkomers." in dutch
    assert "<h1>Partnerorganisaties</h1>" in dutch


def test_the_directory_is_in_the_header_navigation(client, directory):
    content = client.get("/en/").content.decode()
    assert 'href="/en/partner-organisations/"' in content
    assert 'href="/nl/partnerorganisaties/"' in client.get("/nl/").content.decode()


def test_the_directory_runs_the_same_number_of_queries_for_10_and_200(
    client, directory, count_queries, reference_data
):
    themes = list(Theme.objects.all()[:2])
    groups = list(TargetGroup.objects.all()[:2])

    def add(count, offset):
        for n in range(count):
            OrganisationFactory(
                name=f"Partner {offset + n:03d}",
                city=["Leuven", "Gent", "Brugge"][n % 3],
                themes=themes,
                target_groups=groups,
            )

    url = "/en/partner-organisations/"
    add(10, 0)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    assert count_queries.last_result.context["paginator"].count == 10
    add(190, 10)
    large = count_queries(lambda: client.get(url))
    assert count_queries.last_result.context["paginator"].count == 200
    assert small == large, count_queries.last_queries
