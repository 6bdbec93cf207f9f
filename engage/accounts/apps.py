from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    # Runs once per migrate, after the last app: every permission exists by then.
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from engage.accounts.roles import sync_role_permissions

    sync_role_permissions()


class AccountsConfig(AppConfig):
    name = "engage.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="engage.accounts.sync_roles")
        from engage.accounts import middleware

        middleware.connect()
