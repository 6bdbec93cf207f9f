"""Admin screen for the central office: current login failures and locks, and unlock."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.accounts.scoping import is_engage_coordinator
from engage.accounts.selectors import login_failures
from engage.accounts.services import unlock_login


def can_manage_login_locks(user) -> bool:
    """Only the central office (and superusers) see login locks and lift them."""
    return is_engage_coordinator(user)


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("ip_address"):
            raise forms.ValidationError(_("Choose an account or an address to unlock."))
        return data


def login_locks(request):
    if not can_manage_login_locks(request.user):
        raise PermissionDenied
    failures = login_failures()
    return TemplateResponse(
        request,
        "accounts/admin/login_locks.html",
        {
            "limit": failures["limit"],
            "tables": [
                (_("Accounts"), failures["accounts"], "username"),
                (_("Addresses"), failures["addresses"], "ip_address"),
            ],
            "header_title": _("Login locks"),
            "header_icon": "lock",
        },
    )


@require_POST
def unlock(request):
    if not can_manage_login_locks(request.user):
        raise PermissionDenied
    form = UnlockForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("engage_login_locks")
    username = form.cleaned_data["username"]
    ip_address = form.cleaned_data["ip_address"]
    unlock_login(actor=request.user, username=username, ip_address=ip_address)
    messages.success(
        request,
        _("%(who)s may log in again.") % {"who": username or ip_address},
    )
    return redirect("engage_login_locks")
