from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "engage.core"
    label = "core"
    verbose_name = _("Engage core")

    def ready(self):
        from engage.core import (
            checks,  # noqa: F401 - registers the system checks
            storage,  # noqa: F401 - registers the media check
        )
        from engage.core.tabular import neutralise_admin_exports

        neutralise_admin_exports()
