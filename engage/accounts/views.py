from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from engage.accounts import services
from engage.accounts.forms import (
    EmailAuthenticationForm,
    EmailChangeForm,
    PasswordResetForm,
    ProfileForm,
)
from engage.core.exceptions import InvalidTransition
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
    changing_email = request.method == "POST" and "change_email" in request.POST
    form = ProfileForm(
        request.POST if request.method == "POST" and not changing_email else None,
        instance=request.user,
    )
    email_form = EmailChangeForm(request.POST if changing_email else None)
    if changing_email and email_form.is_valid():
        try:
            asked = services.request_email_change(
                user=request.user,
                new_email=email_form.cleaned_data["email"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("email", exc.messages):
                email_form.add_error("email", message)
        else:
            if asked:
                messages.success(
                    request,
                    _(
                        "We sent a confirmation link to %(email)s: your address "
                        "changes once you follow it."
                    )
                    % {"email": request.user.email},
                )
            return redirect("accounts:profile")
    elif not changing_email and request.method == "POST" and form.is_valid():
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
    return render(
        request, "accounts/profile.html", {"form": form, "email_form": email_form}
    )


def email_confirm(request, token):
    """The old address's owner confirms a new address (by POST, not by the visit:
    mail scanners follow links)."""
    try:
        person, new_email = services.read_email_change(token)
        if request.method == "POST":
            services.confirm_email_change(token=token)
            messages.success(
                request,
                _("Your account now uses %(email)s.") % {"email": new_email},
            )
            return redirect("accounts:login")
    except InvalidTransition as exc:
        return render(
            request, "accounts/email_confirm.html", {"problem": exc.message}, status=400
        )
    return render(
        request,
        "accounts/email_confirm.html",
        {"person": person, "new_email": new_email},
    )
