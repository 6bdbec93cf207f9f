from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from engage.core import views as core_views
from engage.core.history import site_history_urlpatterns

urlpatterns = [
    # The row-scoped site history replaces Wagtail's on the same paths.
    *site_history_urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    # `/` serves the home page in the visitor's language (cookie or browser).
    path("", wagtail_views.serve, {"path": ""}, name="root"),
]

# The site's own views, under a prefix in the page's language (`/nl/vrijwilligerswerk/`
# next to `/en/volunteering/`). A link with an earlier, untranslated prefix is
# redirected to the same view (see core_views.untranslated_prefix).
urlpatterns += i18n_patterns(
    path(core_views.SITE_PREFIXES["accounts"], include("engage.accounts.urls")),
    path(core_views.SITE_PREFIXES["partners"], include("partners.urls")),
    path(core_views.SITE_PREFIXES["service-learning"], include("placements.urls")),
    path(core_views.SITE_PREFIXES["science-shop"], include("science_shop.urls")),
    path(core_views.SITE_PREFIXES["volunteering"], include("engage.volunteering.urls")),
    path(core_views.SITE_PREFIXES["impact"], include("engage.impact.urls")),
    re_path(
        rf"^(?P<prefix>{'|'.join(core_views.SITE_PREFIXES)})/(?P<rest>.*)$",
        core_views.untranslated_prefix,
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
