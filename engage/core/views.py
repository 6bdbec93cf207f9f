from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static


def healthz(request):
    """For load balancers: the app runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("engage/img/favicon.svg"))
