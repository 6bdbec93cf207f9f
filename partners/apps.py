from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from partners import sections  # noqa: F401 - registers the "My Engage" section
        from partners.permissions import register_policies

        register_policies()
