from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import views as wagtail_views


def healthz(request):
    """For load balancers: the app runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("engage/img/favicon.svg"))


# The prefix of each module's own views, in the page's language (`/en/volunteering/`,
# `/nl/vrijwilligerswerk/`); engage/urls.py mounts the modules under them.
SITE_PREFIXES = {
    "accounts": _("accounts/"),
    "partners": _("partners/"),
    "service-learning": _("service-learning/"),
    "science-shop": _("science-shop/"),
    "volunteering": _("volunteering/"),
    "impact": _("impact/"),
}


def untranslated_prefix(request, prefix, rest):
    """`/nl/volunteering/...` (an older link) → `/nl/vrijwilligerswerk/...`.

    Only links that name one of the site's own views are redirected; any other path
    is a page of the CMS (which may have such a slug) and is served as one.
    """
    translated = str(SITE_PREFIXES[prefix])
    if translated != f"{prefix}/":
        target = f"/{translation.get_language()}/{translated}{rest}"
        try:
            match = resolve(target)
        except Resolver404:
            match = None
        if match is not None and match.url_name != "wagtail_serve":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                target + (f"?{query}" if query else "")
            )
    return wagtail_views.serve(request, f"{prefix}/{rest}")
