from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "engage.volunteering"
    label = "volunteering"
    verbose_name = _("KOTengage volunteering")

    def ready(self):
        # Providers for the calendar feed, the engagement record, "My Engage",
        # the partner 360° view and the partner portal; the admin's row rules.
        from engage.volunteering import integrations, selectors  # noqa: F401
        from engage.volunteering.permissions import register_policies

        register_policies()
