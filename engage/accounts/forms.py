from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from engage.accounts.models import User
from engage.accounts.throttling import lockout_message


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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language"]
