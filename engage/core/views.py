from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """For load balancers: the app runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
