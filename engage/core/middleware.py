from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Gives Wagtail's admin its own, looser CSP; the public site keeps the strict one.

    Sits below Django's ContentSecurityPolicyMiddleware so it marks the response
    before that middleware writes the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ENGAGE_ADMIN_CSP
        return response
