from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from engage.accounts.forms import (
    EmailAuthenticationForm,
    PasswordResetForm,
    ProfileForm,
)
from engage.core.registry import my_engage_sections


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # Remember the person's language for the pages that follow.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. You can log in now."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@login_required
def home(request):
    """My Engage: every module adds the sections that concern this person."""
    sections = [s for s in (f(request) for f in my_engage_sections) if s]
    return render(request, "accounts/home.html", {"sections": sections})


@login_required
def my_data(request):
    """Everyone can download what Engage holds about them (GDPR art. 15 and 20)."""
    from engage.accounts.admin_views import json_download
    from engage.core.gdpr import export_personal_data

    return json_download(export_personal_data(request.user), request.user)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.preferred_language,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})
