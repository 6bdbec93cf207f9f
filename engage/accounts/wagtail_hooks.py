from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from engage.core.audit import register_actions


@hooks.register("register_log_actions")
def register_account_actions(actions):
    register_actions(
        actions,
        {
            "engage.accounts.invited": (_("Invite"), _("Invited to Engage")),
            "engage.accounts.role_granted": (_("Grant role"), _("Role granted")),
        },
    )
