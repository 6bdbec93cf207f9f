from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScienceShopConfig(AppConfig):
    name = "science_shop"
    verbose_name = _("Science Shop")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from science_shop import providers  # noqa: F401 - registers the providers
        from science_shop.models import ResearchQuestion
        from science_shop.permissions import ResearchQuestionPolicy

        register_permission_policy(
            ResearchQuestion, ResearchQuestionPolicy(ResearchQuestion)
        )
