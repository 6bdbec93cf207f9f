import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Role
from engage.core.models import localized
from engage.university.models import Campus
from engage.volunteering.models import BRUSSELS, HoursLog, Opportunity


class CampusCityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj, "city")


class HoursLogForm(forms.ModelForm):
    class Meta:
        model = HoursLog
        fields = ["opportunity", "date", "hours", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours": forms.NumberInput(
                attrs={"step": "0.25", "min": "0.25", "max": "16"}
            ),
        }

    def __init__(self, *args, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities
        self.fields["opportunity"].label_from_instance = lambda o: o.title


class OrganiserChoiceField(forms.ChoiceField):
    """ "org-<id>" or "initiative-<id>": whom the opportunity is organised by."""


class OpportunityProposalForm(forms.ModelForm):
    organiser = OrganiserChoiceField(label=_("Organised by"))
    campus = CampusCityField(
        queryset=Campus.objects.order_by("sort_order"),
        required=False,
        label=_("Campus city"),
        empty_label=_("Choose a city"),
    )

    class Meta:
        model = Opportunity
        fields = [
            "organiser",
            "title_en",
            "title_nl",
            "description_en",
            "description_nl",
            "kind",
            "campus",
            "address",
            "is_online",
            "themes",
            "target_groups",
            "languages",
            "requires_criminal_record_extract",
            "minimum_age",
            "requires_training",
            "requirements_en",
            "requirements_nl",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_language",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "description_nl": forms.Textarea(attrs={"rows": 5}),
            "requirements_en": forms.Textarea(attrs={"rows": 2}),
            "requirements_nl": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisations, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {f"org-{o.pk}": o for o in organisations}
        self.initiatives = {f"initiative-{i.pk}": i for i in initiatives}
        self.fields["organiser"].choices = [
            *((key, str(o)) for key, o in self.organisations.items()),
            *((key, str(i)) for key, i in self.initiatives.items()),
        ]
        for name in ("themes", "target_groups", "languages"):
            self.fields[name].label_from_instance = lambda obj: obj.name

    def clean(self):
        data = super().clean()
        key = data.get("organiser")
        self.instance.organisation = self.organisations.get(key)
        self.instance.initiative = self.initiatives.get(key)
        if not data.get("is_online") and not data.get("campus"):
            self.add_error("campus", _("Choose a campus city, or tick online."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        key = data.pop("organiser")
        data["organisation"] = self.organisations.get(key)
        data["initiative"] = self.initiatives.get(key)
        return data


class ShiftForm(forms.Form):
    """A one-off shift: a date and Brussels wall-clock times."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    location_override = forms.CharField(
        label=_("Location (if not the usual)"), max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A shift must end after it starts."))
        if data.get("date") and data["date"] < timezone.localdate():
            self.add_error("date", _("Choose a date from today on."))
        return data

    def times(self):
        data = self.cleaned_data
        start = datetime.datetime.combine(
            data["date"], data["start_time"], tzinfo=BRUSSELS
        )
        end = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=BRUSSELS)
        return start, end


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who came?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Students not ticked are recorded as not having come."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("So the office knows who confirmed attendance."),
    )

    def __init__(self, *args, signups, ask_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(s.pk), s.student.get_full_name() or s.student.email) for s in signups
        ]
        self.fields["attended"].initial = [
            str(s.pk) for s in signups if s.status == s.Status.ATTENDED
        ]
        if ask_name:
            self.fields["name"].required = True
        else:
            del self.fields["name"]


class HoursDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve these hours")),
            ("reject", _("Do not approve")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the student"),
        max_length=300,
        required=False,
        help_text=_("Required when you do not approve."),
    )
    name = forms.CharField(label=_("Your name"), max_length=150, required=False)

    def __init__(self, *args, ask_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_name:
            self.fields["name"].required = True
        else:
            del self.fields["name"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the hours are not approved."))
        return data


class CertificateForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the certificate"),
        choices=[("nl", _("Dutch")), ("en", _("English"))],
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, e.g. ABCD-EFGH-JKMN."),
    )


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name of the initiative"), max_length=150)
    goal = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you want to do, for whom, and how often."),
    )
    city = CampusCityField(
        queryset=Campus.objects.order_by("sort_order"),
        required=False,
        label=_("Campus city"),
        empty_label=_("Choose a city"),
    )
    member_emails = forms.CharField(
        label=_("Fellow students"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their KU Leuven email addresses, one per line."),
    )
    sponsor_email = forms.EmailField(
        label=_("Sponsor's email address"),
        help_text=_("A KU Leuven staff member or a partner contact who backs you."),
    )

    def clean_member_emails(self):
        User = get_user_model()
        emails = {
            line.strip().lower()
            for line in self.cleaned_data["member_emails"].splitlines()
            if line.strip()
        }
        found = {
            u.email: u
            for u in User.objects.filter(email__in=emails, groups__name=Role.STUDENT)
        }
        unknown = sorted(emails - set(found))
        if unknown:
            raise forms.ValidationError(
                _("No student account for: %(emails)s") % {"emails": ", ".join(unknown)}
            )
        return list(found.values())

    def clean_sponsor_email(self):
        from partners.models import Contact

        email = self.cleaned_data["sponsor_email"].strip().lower()
        User = get_user_model()
        staff = (
            User.objects.filter(
                email=email,
                groups__name__in=[
                    Role.ENGAGE_COORDINATOR,
                    Role.FACULTY_COORDINATOR,
                    Role.LECTURER,
                ],
            )
            .distinct()
            .first()
        )
        if staff is not None:
            self.sponsor_staff, self.sponsor_organisation = staff, None
            return email
        contact = (
            Contact.objects.active()
            .filter(email__iexact=email)
            .select_related("organisation")
            .first()
        )
        if contact is not None:
            self.sponsor_staff, self.sponsor_organisation = None, contact.organisation
            return email
        raise forms.ValidationError(
            _("This is not the address of a staff member or a partner contact we know.")
        )
