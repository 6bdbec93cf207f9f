"""Forms: the public submission (with its abuse guards), the site's small forms and
the coordinators' transition forms."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from engage.accounts.models import Role, User
from engage.core.tabular import size_problem
from engage.core.uploads import (
    StashFull,
    purge_stale_uploads,
    read_stashed_upload,
    stash_folder,
    stash_storage,
    stash_upload,
)
from engage.taxonomy.models import SDG, Language, TargetGroup
from engage.university.models import AcademicYear, Faculty
from partners.enterprise_number import normalise_enterprise_number
from partners.models import Organisation
from science_shop import services
from science_shop.models import (
    PUBLIC_NAMING_RULE,
    Discipline,
    Feedback,
    Interest,
    ResearchQuestion,
    ScienceShop,
    Supervisor,
    validate_question_document,
)
from science_shop.services import QuestionSubmission

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
STASH_PURPOSE = "science-shop-attachment"
STASH_PREFIX = stash_folder(STASH_PURPOSE)
STASH_MAX_AGE = 24 * 3600


# -- Keeping a valid attachment across a failed submit --------------------------------


def purge_stale_stashes(max_age: int = STASH_MAX_AGE) -> int:
    """Delete kept attachments older than `max_age` seconds (abandoned forms)."""
    return purge_stale_uploads(max_age=max_age, purpose=STASH_PURPOSE)


def stash_attachment(upload) -> str:
    """Keep a valid upload server-side; returns a signed reference to it.

    Abandoned ones are purged as new ones arrive, so the folder stays small;
    raises StashFull when all kept files together would pass the cap.
    """
    purge_stale_stashes()
    reference, _path = stash_upload(upload, purpose=STASH_PURPOSE)
    return reference


def read_stash(reference: str):
    """(path, filename) of a stashed attachment, or None when the reference is bad,
    expired or the file is gone."""
    return read_stashed_upload(reference, purpose=STASH_PURPOSE, max_age=STASH_MAX_AGE)


class YesNoField(forms.TypedChoiceField):
    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            **kwargs,
        )


class SubmissionForm(forms.Form):
    """The public form: organisation, contact, the question, eligibility, consents."""

    required_css_class = "required"

    # Organisation.
    organisation_name = forms.CharField(
        label=_("Name of the organisation"), max_length=200
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=Organisation.LegalForm.choices
    )
    enterprise_number = forms.CharField(
        label=_("Enterprise number (if any)"),
        required=False,
        max_length=20,
        help_text=_("The KBO/BCE number, e.g. 0123.456.749."),
    )
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=100)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    # Contact person.
    contact_first_name = forms.CharField(label=_("First name"), max_length=100)
    contact_last_name = forms.CharField(label=_("Last name"), max_length=100)
    contact_function = forms.CharField(
        label=_("Function in the organisation"), max_length=150, required=False
    )
    contact_email = forms.EmailField(label=_("Email address"))
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=ResearchQuestion.Language.choices,
        help_text=_("We write to you in this language."),
    )

    # The question.
    title = forms.CharField(label=_("Title of your question"), max_length=200)
    question = forms.CharField(
        label=_("Your question, in your own words"), widget=forms.Textarea
    )
    background = forms.CharField(
        label=_("Background: why this question, and who benefits?"),
        widget=forms.Textarea,
    )
    intended_use = forms.CharField(
        label=_("What will you do with the answer?"), widget=forms.Textarea
    )
    desired_timing = forms.CharField(
        label=_("When would you like an answer?"),
        max_length=200,
        required=False,
        help_text=_("Students usually work on a question for one academic year."),
    )
    preferred_disciplines = forms.ModelMultipleChoiceField(
        label=_("Disciplines that could help (optional)"),
        queryset=Discipline.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Eligibility.
    is_nonprofit = YesNoField(
        label=_("Are you a non-profit organisation or a citizens' group?")
    )
    nonprofit_explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    has_no_research_budget = YesNoField(
        label=_("Is it true that you have no budget to commission this research?")
    )
    budget_explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    has_no_commercial_aim = YesNoField(
        label=_("Is it true that you have no commercial aim with the results?")
    )
    commercial_explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        validators=[validate_question_document],
        help_text=_("A PDF, DOCX or ODT document, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,application/pdf"}
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the Science Shop "
            "processes these details to handle my question."
        ),
        error_messages={
            "required": _("You must agree to the privacy notice to send a question.")
        },
    )
    publication_consent = forms.BooleanField(
        label=_(
            "The Science Shop may publish a lay summary of the results on its website."
        ),
        required=False,
    )

    # Abuse guards: a field people never see, and a token against double submits.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    attachment_ref = forms.CharField(widget=forms.HiddenInput, required=False)

    FIELDSETS = [
        (
            _("Your organisation"),
            [
                "organisation_name",
                "legal_form",
                "enterprise_number",
                "street",
                "postcode",
                "city",
                "website",
            ],
        ),
        (
            _("Contact person"),
            [
                "contact_first_name",
                "contact_last_name",
                "contact_function",
                "contact_email",
                "contact_phone",
                "language",
            ],
        ),
        (
            _("Your question"),
            [
                "title",
                "question",
                "background",
                "intended_use",
                "desired_timing",
                "preferred_disciplines",
                "attachment",
            ],
        ),
        (
            _("Can the Science Shop help you?"),
            [
                "is_nonprofit",
                "nonprofit_explanation",
                "has_no_research_budget",
                "budget_explanation",
                "has_no_commercial_aim",
                "commercial_explanation",
            ],
        ),
        (_("Consent"), ["privacy_consent", "publication_consent"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault(
                "language", "nl" if (get_language() or "")[:2] == "nl" else "en"
            )
        self.kept_attachment = None
        if self.is_bound:
            self.kept_attachment = read_stash(self.data.get("attachment_ref", ""))

    @property
    def fieldsets(self):
        return [
            (legend, [self[name] for name in names]) for legend, names in self.FIELDSETS
        ]

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in: a robot, not a person."""
        return bool((self.data.get("homepage") or "").strip())

    def clean_enterprise_number(self):
        value = self.cleaned_data.get("enterprise_number", "").strip()
        if not value:
            return ""
        return normalise_enterprise_number(value)

    def clean(self):
        cleaned = super().clean()
        for flag, explanation in (
            ("is_nonprofit", "nonprofit_explanation"),
            ("has_no_research_budget", "budget_explanation"),
            ("has_no_commercial_aim", "commercial_explanation"),
        ):
            if (
                cleaned.get(flag) is False
                and not (cleaned.get(explanation) or "").strip()
            ):
                self.add_error(
                    explanation,
                    _("You answered no: tell us a little more about your situation."),
                )
        return cleaned

    def keep_valid_attachment(self, *, address: str = ""):
        """After a failed submit: stash a good upload so it need not be chosen again;
        forget the kept one when a new file was the bad part.

        Keeping a file counts against `address`'s submissions and the cap on all
        kept files; past either, the file is not kept and the field says so."""
        data = self.data.copy()
        upload = self.files.get("attachment")
        if "attachment" in self.errors:
            data["attachment_ref"] = ""
            self.kept_attachment = None
        elif upload is not None:
            try:
                services.count_kept_upload(address)
                data["attachment_ref"] = stash_attachment(upload)
            except (services.SubmissionBlocked, StashFull):
                data["attachment_ref"] = ""
                self.kept_attachment = None
                self.add_error(
                    "attachment",
                    _(
                        "We could not keep your file while you correct the form: "
                        "choose it again when you send your question."
                    ),
                )
            else:
                self.kept_attachment = read_stash(data["attachment_ref"])
        self.data = data

    def attachment_file(self):
        """The file to store: a new upload, else the one kept from a failed submit."""
        upload = self.cleaned_data.get("attachment")
        if upload:
            return upload
        if self.kept_attachment:
            path, name = self.kept_attachment
            self._kept_file = File(stash_storage().open(path, "rb"), name=name)
            return self._kept_file
        return None

    def discard_stash(self):
        """After a successful submit: the kept file was copied; remove it."""
        kept_file = getattr(self, "_kept_file", None)
        if kept_file is not None:
            kept_file.close()
        if self.kept_attachment:
            stash_storage().delete(self.kept_attachment[0])

    def to_submission(self) -> QuestionSubmission:
        data = self.cleaned_data
        return QuestionSubmission(
            organisation_name=data["organisation_name"].strip(),
            legal_form=data["legal_form"],
            enterprise_number=data["enterprise_number"],
            street=data["street"].strip(),
            postcode=data["postcode"].strip(),
            city=data["city"].strip(),
            website=data["website"],
            contact_first_name=data["contact_first_name"].strip(),
            contact_last_name=data["contact_last_name"].strip(),
            contact_function=data["contact_function"].strip(),
            contact_email=data["contact_email"].strip(),
            contact_phone=data["contact_phone"].strip(),
            language=data["language"],
            title=data["title"].strip(),
            question=data["question"].strip(),
            background=data["background"].strip(),
            intended_use=data["intended_use"].strip(),
            desired_timing=data["desired_timing"].strip(),
            preferred_disciplines=list(data["preferred_disciplines"]),
            is_nonprofit=data["is_nonprofit"],
            nonprofit_explanation=data["nonprofit_explanation"].strip(),
            has_no_research_budget=data["has_no_research_budget"],
            budget_explanation=data["budget_explanation"].strip(),
            has_no_commercial_aim=data["has_no_commercial_aim"],
            commercial_explanation=data["commercial_explanation"].strip(),
            privacy_consent=data["privacy_consent"],
            publication_consent=data["publication_consent"],
        )


# -- Site forms -----------------------------------------------------------------------


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["motivation"]
        labels = {"motivation": _("Why would you like to work on this question?")}
        help_texts = {
            "motivation": _(
                "A few sentences: your programme, your interest, when you could start."
            )
        }
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5, "maxlength": 1500})}


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FeedbackForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no "choose one" entry.
        self.fields["satisfaction"].choices = Feedback.Satisfaction.choices

    class Meta:
        model = Feedback
        fields = ["satisfaction", "use_of_results", "comments"]
        widgets = {
            "satisfaction": forms.RadioSelect,
            "use_of_results": forms.Textarea(attrs={"rows": 4}),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }


class SupervisorForm(forms.ModelForm):
    class Meta:
        model = Supervisor
        fields = ["disciplines", "faculty", "is_available"]
        widgets = {"disciplines": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disciplines"].queryset = Discipline.objects.filter(is_active=True)
        self.fields["faculty"].queryset = Faculty.objects.filter(is_active=True)


class DeclineMatchForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can you not take part? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# -- Coordinators' transition forms (admin) -------------------------------------------


class FollowLinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The address you gave when you sent your question."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ConfirmOrganisationForm(forms.Form):
    """Who asks: the proposed partner, a new prospect, or another organisation."""

    PROPOSED, NEW, OTHER = "proposed", "new", "other"

    choice = forms.ChoiceField(
        label=_("The question comes from"), widget=forms.RadioSelect
    )
    other = forms.ModelChoiceField(
        label=_("Another organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        choices = []
        proposed = question.proposed_organisation
        if proposed is not None:
            choices.append(
                (
                    self.PROPOSED,
                    _("Confirm organisation match: %(name)s") % {"name": proposed.name},
                )
            )
        choices.append(
            (
                self.NEW,
                _("Create new prospect: %(name)s") % {"name": question.organisation},
            )
        )
        choices.append((self.OTHER, _("Choose another organisation")))
        self.fields["choice"].choices = choices
        self.fields["other"].queryset = Organisation.objects.exclude(
            pk=question.organisation_id
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") == self.OTHER and not cleaned.get("other"):
            self.add_error("other", _("Choose the organisation."))
        return cleaned

    def organisation(self):
        choice = self.cleaned_data["choice"]
        if choice == self.PROPOSED:
            return self.question.proposed_organisation
        if choice == self.OTHER:
            return self.cleaned_data["other"]
        return None


class ConfirmForm(forms.Form):
    """A transition that needs nothing but a click."""


class AcceptForm(forms.Form):
    intake_notes = forms.CharField(label=_("Intake notes"), widget=forms.Textarea)
    intake_date = forms.DateField(
        label=_("Date of the intake conversation"),
        required=False,
        widget=AdminDateInput,
    )


class IntakeNotesForm(AcceptForm):
    pass


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea,
        help_text=_("The submitter receives this reason by email."),
    )


class ReferForm(forms.Form):
    shop = forms.ModelChoiceField(
        label=_("Refer to"), queryset=ScienceShop.objects.filter(is_home=False)
    )
    note = forms.CharField(
        label=_("Note for the other shop"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        if question is not None and question.referred_from_id:
            self.fields["shop"].queryset = self.fields["shop"].queryset.exclude(
                pk=question.referred_from_id
            )


class ArticulateForm(forms.Form):
    articulated_title = forms.CharField(
        label=_("Title for students"), max_length=200, required=False
    )
    articulated_question = forms.CharField(
        label=_("Research question"), widget=forms.Textarea
    )
    disciplines = forms.ModelMultipleChoiceField(
        label=_("Disciplines"),
        queryset=Discipline.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    faculty = forms.ModelChoiceField(
        label=_("Faculty"), queryset=Faculty.objects.filter(is_active=True)
    )
    form = forms.ChoiceField(label=_("Form"), choices=ResearchQuestion.Form.choices)
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-start_date")
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=ResearchQuestion.Confidentiality.choices,
        initial=ResearchQuestion.Confidentiality.PUBLIC,
        help_text=PUBLIC_NAMING_RULE,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDGs"),
        queryset=SDG.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ProposeMatchForm(forms.Form):
    students = forms.ModelMultipleChoiceField(
        label=_("Students"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The students who expressed interest."),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Supervisors who declared one of the question's disciplines come first."
        ),
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = User.objects.filter(
            science_shop_interests__question=question,
            groups__name=Role.STUDENT,
        ).distinct()
        if question.supervisor_id:
            self.fields["supervisor"].queryset = User.objects.filter(
                pk=question.supervisor_id
            )
            self.fields["supervisor"].initial = question.supervisor_id
            self.fields["supervisor"].help_text = _(
                "The supervisor adopted this question."
            )
        else:
            self.fields["supervisor"].required = True
            self.fields["supervisor"].queryset = (
                User.objects.filter(
                    science_shop_supervisor__is_available=True,
                    science_shop_supervisor__disciplines__in=question.disciplines.all(),
                )
                .distinct()
                .order_by("last_name", "first_name")
            )


class StartForm(forms.Form):
    kickoff = forms.DateField(label=_("Kick-off"), widget=AdminDateInput)
    interim = forms.DateField(label=_("Interim"), widget=AdminDateInput)
    final = forms.DateField(label=_("Final"), widget=AdminDateInput)


class DeliverForm(forms.Form):
    report = forms.FileField(
        label=_("Report"),
        validators=[validate_question_document],
        help_text=_("PDF, DOCX or ODT."),
    )
    thesis_url = forms.URLField(
        label=_("Thesis in the repository"), required=False, assume_scheme="https"
    )


class PublishForm(forms.Form):
    lay_summary_en = forms.CharField(
        label=_("Lay summary (English)"), widget=forms.Textarea
    )
    lay_summary_nl = forms.CharField(
        label=_("Lay summary (Dutch)"), widget=forms.Textarea
    )
    thesis_url = forms.URLField(
        label=_("Thesis in the repository"), required=False, assume_scheme="https"
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class AdminMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the submitter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportPacketForm(forms.Form):
    packet = forms.FileField(
        label=_("Referral packet (JSON)"),
        help_text=_("The JSON file another Science Shop sent with its referral."),
    )

    def clean_packet(self):
        upload = self.cleaned_data["packet"]
        problem = size_problem(upload.size, settings.ENGAGE_REFERRAL_PACKET_MAX_BYTES)
        if problem:
            raise ValidationError(problem, code="import_too_large")
        return upload.read()
