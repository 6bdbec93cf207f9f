from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScienceShopConfig(AppConfig):
    name = "science_shop"
    verbose_name = _("Science Shop")
