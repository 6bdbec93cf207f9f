"""What `partners` adds to shared screens: the partner portal link on "My Engage"."""

from django.urls import reverse
from django.utils.translation import gettext as _

from engage.core.registry import my_engage_sections
from partners.permissions import portal_organisations


@my_engage_sections.register(order=20)
def partner_portal_section(request):
    """Partner contacts see a link to each organisation they work for."""
    organisations = list(portal_organisations(request.user).only("pk", "name"))
    if not organisations:
        return None
    return {
        "title": _("Partner portal"),
        "items": [
            (o.name, reverse("partners:portal_organisation", args=[o.pk]))
            for o in organisations
        ],
    }
