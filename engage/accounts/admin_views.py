"""Admin screen for one person's personal data: export (JSON) and erase."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.accounts.models import User
from engage.accounts.scoping import is_engage_coordinator
from engage.core.gdpr import erase_personal_data, export_personal_data


def can_manage_personal_data(user) -> bool:
    """Only the central office (and superusers) export or erase someone's data."""
    return is_engage_coordinator(user)


class EraseForm(forms.Form):
    confirm_email = forms.EmailField(
        label=gettext_lazy("Type the person's email address to confirm"),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_email(self):
        value = self.cleaned_data["confirm_email"].strip().lower()
        if value != self.person.email:
            raise forms.ValidationError(_("This is not the person's email address."))
        return value


def personal_data(request, pk):
    if not can_manage_personal_data(request.user):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk)
    data = export_personal_data(person)
    if request.GET.get("download"):
        return json_download(data, person)
    form = EraseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        counts = erase_personal_data(user=person, actor=request.user)
        messages.success(
            request,
            _("Personal data erased: the account and %(rows)s linked records.")
            % {"rows": sum(counts.values())},
        )
        return redirect("wagtailusers_users:index")
    summary = sorted((label, len(rows)) for label, rows in data["records"].items())
    return TemplateResponse(
        request,
        "accounts/admin/personal_data.html",
        {
            "person": person,
            "data": data,
            "summary": summary,
            "form": form,
            "header_title": _("Personal data of %(name)s") % {"name": person},
        },
    )


def json_download(data, person) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="engage-personal-data-{person.pk}.json"'
    )
    return response
