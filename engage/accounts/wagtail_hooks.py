from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from engage.accounts import admin_views, lockout_views
from engage.core.audit import register_actions


@hooks.register("register_log_actions")
def register_account_actions(actions):
    register_actions(
        actions,
        {
            "engage.accounts.invited": (_("Invite"), _("Invited to Engage")),
            "engage.accounts.role_granted": (_("Grant role"), _("Role granted")),
            "engage.accounts.email_change_requested": (
                _("Ask to change email"),
                _("Email change asked; the current address must confirm"),
            ),
            "engage.accounts.email_changed": (
                _("Change email"),
                _("Email address changed (confirmed by the old address)"),
            ),
            "engage.accounts.erased": (
                _("Erase personal data"),
                _("Personal data erased"),
            ),
            "engage.accounts.login_unlocked": (
                _("Unlock login"),
                _("Failed logins cleared: the account may log in again"),
            ),
            "engage.accounts.address_unlocked": (
                _("Unlock address"),
                _("Failed logins from an address cleared"),
            ),
        },
    )


@hooks.register("register_admin_urls")
def personal_data_urls():
    return [
        path(
            "people/<int:pk>/personal-data/",
            admin_views.personal_data,
            name="engage_personal_data",
        )
    ]


@hooks.register("register_user_listing_buttons")
def personal_data_button(user, request_user):
    if admin_views.can_manage_personal_data(request_user):
        yield Button(
            _("Personal data (GDPR)"),
            reverse("engage_personal_data", args=[user.pk]),
            icon_name="lock",
            priority=60,
        )


@hooks.register("register_admin_urls")
def login_lock_urls():
    return [
        path("login-locks/", lockout_views.login_locks, name="engage_login_locks"),
        path(
            "login-locks/unlock/",
            lockout_views.unlock,
            name="engage_login_locks_unlock",
        ),
    ]


class LoginLocksMenuItem(MenuItem):
    def is_shown(self, request):
        return lockout_views.can_manage_login_locks(request.user)


@hooks.register("register_settings_menu_item")
def login_locks_menu_item():
    return LoginLocksMenuItem(
        _("Login locks"),
        reverse("engage_login_locks"),
        icon_name="lock",
        order=610,
    )
