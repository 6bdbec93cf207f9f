"""Likely duplicates: same enterprise number, same normalised name, same website."""

import pytest

from partners.duplicates import find_duplicates, normalise_name, website_domain
from partners.factories import OrganisationFactory, valid_enterprise_number


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jeugdhuis Sojo vzw", "JEUGDHUIS SOJO"),
        ("Vzw Jeugdhuis Sojo", "Jeugdhuis Sojo v.z.w."),
        ("Café Nieuwkomers", "cafe nieuwkomers"),
        ("Stichting De Brug - Leuven", "De Brug Leuven stichting van openbaar nut"),
        ("Welzijnsschakels (asbl)", "welzijnsschakels"),
        ("De Regenboog, feitelijke vereniging", "De Regenboog"),
    ],
)
def test_names_that_differ_in_legal_form_case_accents_and_punctuation_match(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_names_do_not_match():
    assert normalise_name("Jeugdhuis Sojo") != normalise_name("Jeugdhuis De Kroon")


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.Sojo.be/contact", "sojo.be"),
        ("sojo.be", "sojo.be"),
        ("http://sojo.be", "sojo.be"),
        ("https://www.facebook.com/sojo", ""),
        ("", ""),
    ],
)
def test_website_domain(url, domain):
    assert website_domain(url) == domain


@pytest.mark.django_db
def test_find_duplicates_gives_each_reason(reference_data):
    number = valid_enterprise_number(42)
    same_number = OrganisationFactory(name="Anders Genoemd", enterprise_number=number)
    same_name = OrganisationFactory(
        name="JEUGDHUIS SOJO", enterprise_number=None, website=""
    )
    same_site = OrganisationFactory(
        name="Iets Anders", enterprise_number=None, website="https://sojo.be/over-ons"
    )
    OrganisationFactory(name="Niet Gerelateerd", enterprise_number=None)

    matches = find_duplicates(
        name="Jeugdhuis Sojo vzw",
        enterprise_number=number,
        website="http://www.sojo.be",
    )

    reasons = {m.organisation: [str(r) for r in m.reasons] for m in matches}
    assert reasons == {
        same_number: ["same enterprise number"],
        same_name: ["same name"],
        same_site: ["same website"],
    }


@pytest.mark.django_db
def test_creating_in_the_admin_warns_about_a_duplicate_and_keeps_the_input(
    admin_client, organisation
):
    url = "/admin/partners/organisations/add/"
    data = {
        "name": "Jeugdhuis De Kroon vzw",
        "legal_form": "vzw",
        "city": "Leuven",
        "postcode": "3000",
        "country": "BE",
        "status": "prospect",
        "level": "occasional",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This may already be in Engage" in content
    assert "Jeugdhuis De Kroon (same name)" in content
    assert 'value="Jeugdhuis De Kroon vzw"' in content  # nothing typed is lost
    assert organisation.__class__.objects.count() == 1

    response = admin_client.post(url, {**data, "not_a_duplicate": "on"})
    assert response.status_code == 302
    assert organisation.__class__.objects.count() == 2


@pytest.mark.django_db
def test_the_360_view_points_to_likely_duplicates(admin_client, organisation):
    twin = OrganisationFactory(name="Jeugdhuis de Kroon (vzw)")
    response = admin_client.get(f"/admin/partners/organisations/overview/{twin.pk}/")
    assert "This organisation may also be in Engage as" in response.content.decode()
    assert f"/admin/partners/organisations/overview/{organisation.pk}/" in (
        response.content.decode()
    )
