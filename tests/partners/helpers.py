"""Helpers shared by the partner tests."""

from django.contrib.messages import get_messages


def assert_refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect and a message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("permission" in m for m in messages), messages
