from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Service-learning")

    def ready(self):
        from placements import providers  # noqa: F401 - registers the providers
        from placements.permissions import register_policies

        register_policies()
