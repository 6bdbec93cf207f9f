from django.conf import settings
from django.middleware.locale import LocaleMiddleware

# Paths outside the language-prefixed site: a 404 there stays a 404.
UNPREFIXED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/i18n/")


class EngageLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus its redirect of unknown admin URLs.

    Wagtail's page route matches any path, so Django would "fix" a 404 under
    /admin/ by redirecting to /en/admin/...; those URLs are not language-prefixed.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PREFIXES):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


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
