"""Admin screens beyond create/edit: the partner 360°, merge, import, domain actions.

Each view checks the row rule of `partners.permissions`, calls a service and
redirects with a message; errors from guards (InvalidTransition) are shown as is.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

from engage.accounts.scoping import is_coordinator, is_engage_coordinator
from engage.core.exceptions import InvalidTransition
from engage.core.storage import private_file_response
from engage.core.tabular import ImportFailed, table_response
from engage.core.uploads import (
    StashFull,
    read_stashed_upload,
    stash_storage,
    stash_upload,
)
from partners import services
from partners.duplicates import find_duplicates
from partners.forms import (
    ImportUploadForm,
    MergeForm,
    SignAgreementForm,
    TerminateAgreementForm,
)
from partners.importing import COLUMNS, PlanChanged, accepted_codes, template_rows
from partners.merge import related_counts
from partners.models import Agreement, Contact, Interaction, Organisation
from partners.permissions import (
    can_edit_agreement,
    can_edit_interaction,
    can_edit_organisation,
    can_merge_organisations,
)
from partners.selectors import organisation_overview

# An uploaded file waits (at most an hour) between its preview and the confirmation.
IMPORT_STASH = "partners-import"
IMPORT_PREVIEW_MAX_AGE = 60 * 60


def _organisation_url(name: str, *args) -> str:
    return reverse(f"partners_organisations:{name}", args=args)


def _back(request, default: str) -> str:
    return get_valid_next_url_from_request(request) or default


class _PartnersAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page reachable by coordinators only."""

    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def organisations_crumb(self):
        return {"url": _organisation_url("list"), "label": _("Organisations")}


class OrganisationOverviewView(_PartnersAdminView):
    """The partner 360°: everything Engage knows and does with one organisation."""

    template_name = "partners/admin/overview.html"
    page_title = gettext_lazy("Partner 360°")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Organisation.objects.select_related("account_owner"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.object.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.organisations_crumb(),
            {"url": "", "label": self.object.name},
        ]

    @cached_property
    def can_edit(self):
        return can_edit_organisation(self.request.user, self.object)

    def get_header_buttons(self):
        pk = self.object.pk
        buttons = []
        if self.can_edit:
            buttons.append(
                HeaderButton(
                    _("Edit"), url=_organisation_url("edit", pk), icon_name="edit"
                )
            )
        more = [
            Button(
                _("History"), url=_organisation_url("history", pk), icon_name="history"
            ),
            Button(
                _("Inspect"),
                url=_organisation_url("inspect", pk),
                icon_name="info-circle",
            ),
        ]
        if can_merge_organisations(self.request.user):
            more.append(
                Button(
                    _("Merge into another organisation"),
                    url=_organisation_url("merge", pk),
                    icon_name="resubmit",
                )
            )
        self.header_more_buttons = more
        return [*buttons, *super().get_header_buttons()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        here = self.request.get_full_path()
        query = f"?organisation={self.object.pk}&next={here}"
        context.update(
            {
                "overview": organisation_overview(self.object, self.request.user),
                "organisation": self.object,
                "can_edit": self.can_edit,
                "can_merge": can_merge_organisations(self.request.user),
                "here": here,
                "add_contact_url": reverse("partners_contacts:add") + query,
                "add_agreement_url": reverse("partners_agreements:add") + query,
                "add_interaction_url": reverse("partners_interactions:add") + query,
                "merge_url": _organisation_url("merge", self.object.pk),
            }
        )
        return context


class MergeOrganisationView(_PartnersAdminView):
    """Merge a duplicate into the organisation that stays, after showing what moves."""

    template_name = "partners/admin/merge.html"
    page_title = gettext_lazy("Merge")

    def dispatch(self, request, *args, **kwargs):
        if not can_merge_organisations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.duplicate = get_object_or_404(Organisation, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.duplicate.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.organisations_crumb(),
            {
                "url": _organisation_url("overview", self.duplicate.pk),
                "label": self.duplicate.name,
            },
            {"url": "", "label": _("Merge")},
        ]

    def get(self, request, *args, **kwargs):
        initial = {}
        into = request.GET.get("into", "")
        if into.isdigit():
            initial["survivor"] = int(into)
        form = MergeForm(initial=initial, duplicate=self.duplicate)
        survivor = None
        if initial:
            survivor = (
                Organisation.objects.exclude(pk=self.duplicate.pk)
                .filter(pk=initial["survivor"])
                .first()
            )
        return self.render_to_response(
            self.get_context_data(form=form, survivor=survivor)
        )

    def post(self, request, *args, **kwargs):
        form = MergeForm(request.POST, duplicate=self.duplicate)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        survivor = form.cleaned_data["survivor"]
        if "confirm" not in request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, survivor=survivor)
            )
        try:
            result = services.merge_organisations(
                survivor=survivor, duplicate=self.duplicate, actor=request.user
            )
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return self.render_to_response(
                self.get_context_data(form=form, survivor=survivor)
            )
        messages.success(
            request,
            _("“%(merged)s” is merged into “%(survivor)s”.")
            % {"merged": result.merged_name, "survivor": result.survivor.name},
        )
        return redirect(_organisation_url("overview", result.survivor.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "duplicate": self.duplicate,
                "moves": related_counts(self.duplicate),
                "candidates": find_duplicates(
                    name=self.duplicate.name,
                    enterprise_number=self.duplicate.enterprise_number,
                    website=self.duplicate.website,
                    exclude_pk=self.duplicate.pk,
                ),
                "media": kwargs["form"].media,
            }
        )
        return context


class ImportOrganisationsView(_PartnersAdminView):
    """Upload → preview of what would be created, updated or refused → confirm."""

    template_name = "partners/admin/import.html"
    page_title = gettext_lazy("Import organisations")

    def dispatch(self, request, *args, **kwargs):
        if not (
            is_engage_coordinator(request.user)
            and request.user.has_perm("partners.add_organisation")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.organisations_crumb(),
            {"url": "", "label": _("Import")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportUploadForm())
        context["columns"] = COLUMNS
        context["codes"] = accepted_codes()
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            token, stored = stash_upload(upload, purpose=IMPORT_STASH)
        except StashFull:
            form.add_error(
                "file",
                _("The server cannot keep more uploads right now; try again later."),
            )
            return self.render_to_response(self.get_context_data(form=form))
        try:
            with stash_storage().open(stored, "rb") as handle:
                report = services.import_partners(
                    source=handle,
                    filename=upload.name,
                    actor=request.user,
                    dry_run=True,
                )
        except ImportFailed as exc:
            stash_storage().delete(stored)
            return self.render_to_response(
                self.get_context_data(
                    form=form, errors=exc.errors, filename=upload.name
                )
            )
        return self.render_to_response(
            self.get_context_data(plan=report.plan, token=token, filename=upload.name)
        )

    def confirm(self, request):
        stashed = read_stashed_upload(
            request.POST["token"], purpose=IMPORT_STASH, max_age=IMPORT_PREVIEW_MAX_AGE
        )
        if stashed is None:
            messages.error(
                request, _("This preview has expired; upload the file again.")
            )
            return redirect(_organisation_url("import"))
        stored, name = stashed
        try:
            with stash_storage().open(stored, "rb") as handle:
                report = services.import_partners(
                    source=handle,
                    filename=name,
                    actor=request.user,
                    expected=request.POST.get("fingerprint", ""),
                )
        except PlanChanged as changed:
            messages.warning(
                request,
                _(
                    "Engage changed since the preview: nothing was imported. Check "
                    "this new preview and import again."
                ),
            )
            return self.render_to_response(
                self.get_context_data(
                    plan=changed.plan, token=request.POST["token"], filename=name
                )
            )
        except ImportFailed as exc:
            return self.render_to_response(
                self.get_context_data(errors=exc.errors, filename=name)
            )
        stash_storage().delete(stored)
        messages.success(
            request,
            _(
                "Imported %(name)s: %(created)s organisations created, "
                "%(updated)s updated."
            )
            % {"name": name, "created": report.created, "updated": report.updated},
        )
        return redirect(_organisation_url("list"))


class ImportTemplateView(ImportOrganisationsView):
    """The import's template file (CSV or XLSX): the header and one example row."""

    def get(self, request, *args, **kwargs):
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return table_response("engage-partner-import", COLUMNS, template_rows(), fmt)

    def post(self, request, *args, **kwargs):
        raise PermissionDenied


# Actions on agreements, contacts and interactions -----------------------------------


class _ObjectActionView(_PartnersAdminView):
    model = None
    template_name = "partners/admin/action_form.html"
    form_class = None
    action_label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            self.model.objects.select_related("organisation"), pk=kwargs["pk"]
        )

    def check_permission(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user) or not self.check_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def default_next(self):
        return _organisation_url("overview", self.object.organisation_id)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.organisations_crumb(),
            {
                "url": _organisation_url("overview", self.object.organisation_id),
                "label": self.object.organisation.name,
            },
            {"url": "", "label": str(self.page_title)},
        ]

    def get(self, request, *args, **kwargs):
        if self.form_class is None:
            raise Http404
        return self.render_to_response(self.get_context_data(form=self.form_class()))

    def post(self, request, *args, **kwargs):
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
        try:
            message = self.act(form)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            if form is not None:
                return self.render_to_response(self.get_context_data(form=form))
        else:
            messages.success(request, message)
        return redirect(_back(request, self.default_next()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["action_label"] = self.action_label
        context["next"] = _back(self.request, self.default_next())
        return context


class SendAgreementView(_ObjectActionView):
    model = Agreement
    page_title = gettext_lazy("Send agreement")

    def check_permission(self):
        return can_edit_agreement(self.request.user, self.object)

    def act(self, form):
        services.send_agreement(agreement=self.object, actor=self.request.user)
        return _("The agreement is marked as sent.")


class SignAgreementView(_ObjectActionView):
    model = Agreement
    form_class = SignAgreementForm
    page_title = gettext_lazy("Mark as signed")
    action_label = gettext_lazy("Mark as signed")

    def check_permission(self):
        return can_edit_agreement(self.request.user, self.object)

    def act(self, form):
        services.sign_agreement(
            agreement=self.object,
            signed_document=form.cleaned_data["signed_document"],
            signed_on=form.cleaned_data["signed_on"],
            actor=self.request.user,
        )
        return _("The agreement is signed.")


class TerminateAgreementView(_ObjectActionView):
    model = Agreement
    form_class = TerminateAgreementForm
    page_title = gettext_lazy("Terminate agreement")
    action_label = gettext_lazy("Terminate")

    def check_permission(self):
        return can_edit_agreement(self.request.user, self.object)

    def act(self, form):
        services.terminate_agreement(
            agreement=self.object,
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["ended_on"],
            actor=self.request.user,
        )
        return _("The agreement is terminated.")


class AgreementDocumentView(View):
    """The signed PDF, for coordinators only (it is not served from /media/)."""

    def get(self, request, pk):
        if not is_coordinator(request.user):
            raise PermissionDenied
        agreement = get_object_or_404(Agreement, pk=pk)
        if not agreement.signed_document:
            raise Http404
        return private_file_response(
            agreement.signed_document,
            content_type="application/pdf",
            inline=True,
            filename=f"agreement-{agreement.pk}.pdf",
        )


class InviteContactView(_ObjectActionView):
    model = Contact
    page_title = gettext_lazy("Invite to the partner portal")

    def check_permission(self):
        return can_edit_organisation(self.request.user, self.object.organisation)

    def act(self, form):
        contact = services.invite_contact_to_portal(
            contact=self.object, actor=self.request.user
        )
        return _("%(name)s is invited to the partner portal (%(email)s).") % {
            "name": contact.full_name,
            "email": contact.email,
        }


class CompleteFollowUpView(_ObjectActionView):
    model = Interaction
    page_title = gettext_lazy("Follow-up done")

    def check_permission(self):
        return can_edit_interaction(self.request.user, self.object)

    def act(self, form):
        services.complete_follow_up(interaction=self.object, actor=self.request.user)
        return _("Follow-up with %(organisation)s done.") % {
            "organisation": self.object.organisation.name
        }

    def default_next(self):
        return reverse("wagtailadmin_home")
