"""Forms of the partner CRM: admin edit forms, action forms and the partner portal."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from engage.accounts.models import Role
from engage.core.tabular import validate_table_upload
from engage.core.uploads import DocumentValidator
from partners.duplicates import find_duplicates
from partners.enterprise_number import normalise_enterprise_number
from partners.models import AGREEMENT_MAX_BYTES, Contact, Organisation
from partners.permissions import can_edit_organisation

MULTI_CHECKBOX_FIELDS = (
    "target_groups",
    "sdgs",
    "themes",
    "languages",
    "nearest_campuses",
)


def coordinators():
    """People who can own organisations and follow up: central and faculty staff."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[Role.ENGAGE_COORDINATOR, Role.FACULTY_COORDINATOR],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class EnterpriseNumberFormMixin:
    """Accepts every usual way of writing the number; the model stores 10 digits."""

    def _setup_enterprise_number(self):
        field = self.fields.get("enterprise_number")
        if field is None:
            return
        field.max_length = 20
        field.widget.attrs["maxlength"] = 20
        field.validators = []
        if self.instance.enterprise_number and not self.is_bound:
            self.initial["enterprise_number"] = self.instance.enterprise_number_display

    def clean_enterprise_number(self):
        value = (self.cleaned_data.get("enterprise_number") or "").strip()
        if not value:
            return None
        return normalise_enterprise_number(value)


class OrganisationAdminForm(EnterpriseNumberFormMixin, WagtailAdminModelForm):
    """Warns about likely duplicates before a new organisation is created."""

    not_a_duplicate = forms.BooleanField(
        label=_("I checked: this is not one of the organisations above"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_enterprise_number()
        self.duplicates = []
        if self.instance.pk:
            self.fields.pop("not_a_duplicate", None)
        if "account_owner" in self.fields:
            self.fields["account_owner"].queryset = coordinators()
            if not self.instance.pk and self.for_user is not None:
                self.fields["account_owner"].initial = self.for_user.pk

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or self.errors:
            return cleaned
        self.duplicates = find_duplicates(
            name=cleaned.get("name", ""),
            enterprise_number=cleaned.get("enterprise_number"),
            website=cleaned.get("website", ""),
        )
        if self.duplicates and not cleaned.get("not_a_duplicate"):
            listing = format_html_join(
                "; ",
                "{} ({})",
                ((d.organisation.name, d.reason_text) for d in self.duplicates),
            )
            self.add_error(
                "not_a_duplicate",
                format_html(
                    "{} {}. {}",
                    _("This may already be in Engage:"),
                    listing,
                    _("Open it instead, or tick the box if it really is another one."),
                ),
            )
        return cleaned


class _OrganisationScopedForm(WagtailAdminModelForm):
    """Admin forms for records of an organisation the user must be allowed to edit."""

    def clean_organisation(self):
        organisation = self.cleaned_data.get("organisation")
        if organisation is not None and not can_edit_organisation(
            self.for_user, organisation
        ):
            raise forms.ValidationError(
                _("You can only add records to organisations you own.")
            )
        return organisation


class ContactAdminForm(_OrganisationScopedForm):
    def _get_validation_exclusions(self):
        # A new primary contact takes over: the service demotes the previous one.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("is_primary")
        return exclusions


class AgreementAdminForm(_OrganisationScopedForm):
    FROZEN_WHEN_SIGNED = (
        "organisation",
        "kind",
        "faculty",
        "course",
        "valid_from",
        "valid_until",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.is_editable:
            for name in self.FROZEN_WHEN_SIGNED:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "The terms of a signed agreement do not change: make a new one."
                    )


class InteractionAdminForm(_OrganisationScopedForm):
    """Contacts are picked among the organisation's own; a follow-up gets an owner."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = (
            self.data.get(self.add_prefix("organisation"))
            if self.is_bound
            else self.initial.get("organisation") or self.instance.organisation_id
        )
        if "contacts" in self.fields:
            queryset = Contact.objects.none()
            if organisation_id and str(organisation_id).isdigit():
                queryset = Contact.objects.filter(organisation_id=organisation_id)
            self.fields["contacts"].queryset = queryset
        for name in ("staff_participants", "follow_up_assignee"):
            if name in self.fields:
                self.fields[name].queryset = coordinators()
        if not self.instance.pk and self.for_user is not None:
            self.fields["staff_participants"].initial = [self.for_user.pk]

    def clean_organisation(self):
        # Any coordinator may note a contact moment with any organisation.
        return self.cleaned_data.get("organisation")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow_up_date") and not cleaned.get("follow_up_assignee"):
            cleaned["follow_up_assignee"] = self.for_user
            self.instance.follow_up_assignee = self.for_user
        if cleaned.get("follow_up_assignee") and not cleaned.get("follow_up_date"):
            self.add_error("follow_up_date", _("Give the date by which to follow up."))
        return cleaned


# Admin action forms -----------------------------------------------------------------


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "UTF-8 CSV (comma or semicolon) or XLSX with a header row; see the "
            "columns below."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        validate_table_upload(upload)  # size, and the unpacked size of an XLSX
        return upload


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        label=_("Keep this organisation"),
        queryset=Organisation.objects.all(),
        help_text=_(
            "Everything of the organisation you are merging moves to this one; "
            "then the merged record disappears and its name is kept as "
            "'also known as'."
        ),
    )

    def __init__(self, *args, duplicate: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = Organisation.objects.exclude(pk=duplicate.pk)
        from wagtail.snippets.widgets import AdminSnippetChooser

        self.fields["survivor"].widget = AdminSnippetChooser(Organisation)


class SignAgreementForm(forms.Form):
    signed_document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        validators=[DocumentValidator(allowed=("pdf",), max_bytes=AGREEMENT_MAX_BYTES)],
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The signing date cannot be in the future."))
        return day


class TerminateAgreementForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for termination"), widget=forms.Textarea(attrs={"rows": 3})
    )
    ended_on = forms.DateField(
        label=_("Ends on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ChangeOwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("New account owner"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = coordinators()


class ChangeStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=Organisation.Status.choices
    )


# Partner portal (site) --------------------------------------------------------------


class PortalOrganisationForm(EnterpriseNumberFormMixin, forms.ModelForm):
    """What a partner contact may change about their own organisation."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "legal_form",
            "enterprise_number",
            "street",
            "postcode",
            "city",
            "country",
            "website",
            "email",
            "phone",
            "description_nl",
            "description_en",
            "target_groups",
            "themes",
            "sdgs",
            "languages",
            "public_listing_consent",
        ]
        widgets = dict.fromkeys(
            ("target_groups", "themes", "sdgs", "languages"),
            forms.CheckboxSelectMultiple,
        )

    # Who the organisation is: only the office changes these (a partner putting
    # another's number on its record would otherwise receive that party's data).
    READ_ONLY = ("name", "enterprise_number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_enterprise_number()
        self.fields["public_listing_consent"].help_text = _(
            "Show your organisation in Engage's public partner directory."
        )
        for name in self.READ_ONLY:
            # Disabled: the browser cannot change it and a posted value is ignored.
            self.fields[name].disabled = True
            self.fields[name].required = False
            self.fields[name].help_text = _(
                "Only the Engage office changes this; email them if it is wrong."
            )

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in self.READ_ONLY
        }


class PortalContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "function",
            "email",
            "phone",
            "preferred_language",
            "is_primary",
            "is_active",
        ]

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.add("is_primary")
        return exclusions
