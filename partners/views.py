"""The partner portal: partner contacts see and edit their own organisation only.

Every view looks the organisation up among the user's own (an active contact with
this account); any other id is a 404, whatever is tried.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partners import services
from partners.forms import PortalContactForm, PortalOrganisationForm
from partners.models import Contact
from partners.permissions import portal_organisations
from partners.portal import partner_portal_sections


def _own_organisation(request, pk):
    return get_object_or_404(portal_organisations(request.user), pk=pk)


@login_required
def portal_home(request):
    organisations = list(portal_organisations(request.user).order_by("name"))
    if len(organisations) == 1:
        return redirect("partners:portal_organisation", pk=organisations[0].pk)
    return render(
        request, "partners/portal/home.html", {"organisations": organisations}
    )


@login_required
def portal_organisation(request, pk):
    organisation = _own_organisation(request, pk)
    organisation = (
        type(organisation)
        .objects.prefetch_related("target_groups", "themes", "sdgs", "languages")
        .get(pk=organisation.pk)
    )
    contacts = organisation.contacts.order_by("-is_active", "-is_primary", "last_name")
    sections = [
        section
        for section in (f(request, organisation) for f in partner_portal_sections)
        if section
    ]
    return render(
        request,
        "partners/portal/organisation.html",
        {"organisation": organisation, "contacts": contacts, "sections": sections},
    )


@login_required
def portal_profile(request, pk):
    organisation = _own_organisation(request, pk)
    form = PortalOrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        # The form has written into the instance; the service saves and logs it.
        services.update_organisation(
            organisation=type(organisation).objects.get(pk=organisation.pk),
            changes=form.changes(),
            actor=request.user,
            action="partners.organisation.updated",
        )
        messages.success(request, _("Your organisation's profile is saved."))
        return redirect("partners:portal_organisation", pk=organisation.pk)
    return render(
        request,
        "partners/portal/profile_form.html",
        {"organisation": organisation, "form": form},
    )


@login_required
def portal_contact(request, pk, contact_pk=None):
    organisation = _own_organisation(request, pk)
    contact = None
    if contact_pk is not None:
        contact = get_object_or_404(organisation.contacts, pk=contact_pk)
    form = PortalContactForm(
        request.POST or None, instance=contact or Contact(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organisation = organisation
        services.save_contact(contact=saved, actor=request.user)
        messages.success(request, _("%(name)s is saved.") % {"name": saved.full_name})
        return redirect("partners:portal_organisation", pk=organisation.pk)
    return render(
        request,
        "partners/portal/contact_form.html",
        {"organisation": organisation, "form": form, "contact": contact},
    )
