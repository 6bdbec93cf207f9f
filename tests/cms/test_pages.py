import pytest
from wagtail.models import Page

from cms.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_root_serves_the_home_page(client, site_pages):
    response = client.get("/")
    assert response.status_code == 200
    assert isinstance(response.context["page"], HomePage)


def test_dutch_home_is_in_dutch(client, site_pages):
    response = client.get("/nl/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert "Leren door je te engageren" in content
    assert "Over Engage" in content  # the navigation, in Dutch
    assert "Wetenschapswinkel" in content


def test_english_home_has_english_navigation_and_a_switcher(client, site_pages):
    content = client.get("/en/").content.decode()
    assert "About Engage" in content and "Science Shop" in content
    assert 'href="/nl/"' in content and 'hreflang="nl"' in content


def test_language_switcher_points_to_the_translation(client, site_pages):
    content = client.get("/en/science-shop/").content.decode()
    assert 'href="/nl/science-shop/"' in content


def test_page_landmarks_and_skip_link(client, site_pages):
    content = client.get("/en/").content.decode()
    for marker in (
        '<main id="main"',
        'role="banner"',
        'role="contentinfo"',
        'class="skip-link" href="#main"',
        'aria-label="Main navigation"',
    ):
        assert marker in content


def test_admin_login_page(client):
    assert client.get("/admin/login/").status_code == 200


def test_every_standard_page_has_a_dutch_translation(site_pages):
    for page in StandardPage.objects.filter(locale__language_code="en"):
        translation = page.get_translation_or_none(
            page.locale.__class__.objects.get(language_code="nl")
        )
        assert translation is not None and translation.live


def test_site_seed_is_idempotent(site_pages):
    from cms.demo import seed

    before = Page.objects.count()
    seed()
    assert Page.objects.count() == before


def test_public_pages_send_a_strict_csp(client, site_pages):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
