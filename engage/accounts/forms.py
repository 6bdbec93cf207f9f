from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from engage.accounts.models import User
from engage.accounts.services import request_password_reset
from engage.accounts.throttling import lockout_message
from engage.core.http import client_ip


class LockoutMessageMixin:
    """Says so on the login form when django-axes refused the attempt.

    Axes flags the request when an account or address is (or just became) locked;
    the form then shows why instead of "wrong password", and the lockout response
    returns this form (see engage.accounts.throttling.lockout_response).
    """

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            request = getattr(self, "request", None)
            if request is not None and getattr(request, "axes_locked_out", False):
                request.engage_lockout_shown = True
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise


class EmailAuthenticationForm(LockoutMessageMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class AdminLoginForm(LockoutMessageMixin, WagtailLoginForm):
    """Wagtail's login form (WAGTAILADMIN_USER_LOGIN_FORM) with the lockout message."""


class QueuedPasswordResetMixin:
    """A reset goes through the task queue and is rate-limited (request_password_reset).

    Replaces Django's `save()`, which looks the account up and sends the email inside
    the request (a timing oracle for whether an account exists).
    """

    email_template = ""

    def save(self, *, request=None, **kwargs):
        request_password_reset(
            email=self.cleaned_data["email"],
            address=client_ip(request) if request is not None else None,
            template=self.email_template,
        )


class PasswordResetForm(QueuedPasswordResetMixin, DjangoPasswordResetForm):
    email_template = "accounts/emails/password_reset"


class AdminPasswordResetForm(QueuedPasswordResetMixin, WagtailPasswordResetForm):
    """Wagtail's reset form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM), queued."""

    email_template = "wagtailadmin/account/password_reset/email"


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language"]


class EmailChangeForm(forms.Form):
    """A new address for one's own account; applied only once the old one confirms."""

    email = forms.EmailField(
        label=_("New email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
