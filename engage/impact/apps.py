from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "engage.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from engage.impact import providers  # noqa: F401 - registers the providers
        from engage.impact.permissions import register_policies

        register_policies()
