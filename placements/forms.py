"""Site forms: students rank, log hours and reflect; mentors sign and evaluate."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from engage.taxonomy.models import Language
from placements.models import HourEntry, MentorEvaluation, StudentEvaluation

ORDINALS = {
    1: _("1st choice"),
    2: _("2nd choice"),
    3: _("3rd choice"),
    4: _("4th choice"),
    5: _("5th choice"),
    6: _("6th choice"),
    7: _("7th choice"),
    8: _("8th choice"),
    9: _("9th choice"),
    10: _("10th choice"),
}


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.organisation.name})"


class PreferenceForm(forms.Form):
    """Rank up to N offers, state the languages you work in, add a note."""

    languages = forms.ModelMultipleChoiceField(
        label=_("Languages I work in"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Some places require a language: you are only placed where you "
            "speak every language required."
        ),
    )
    note = forms.CharField(
        label=_("Note for the coordinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, course, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.rank_fields = []
        fields = {}
        for rank in range(1, course.max_preferences + 1):
            name = f"choice_{rank}"
            fields[name] = OfferChoiceField(
                label=ORDINALS.get(rank, str(rank)),
                queryset=offers,
                required=rank == 1,
                empty_label=pgettext_lazy("no offer chosen", "(none)"),
            )
            self.rank_fields.append(name)
        # Rank choices come first, then languages and the note.
        self.fields = {**fields, **self.fields}

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for name in self.rank_fields:
            offer = cleaned.get(name)
            if offer is None:
                continue
            if offer.pk in seen:
                self.add_error(
                    name,
                    _("You already chose this offer as your %(rank)s.")
                    % {"rank": self.fields[seen[offer.pk]].label},
                )
            else:
                seen[offer.pk] = name
        return cleaned

    def ranked_offers(self):
        offers, seen = [], set()
        for name in self.rank_fields:
            offer = self.cleaned_data.get(name)
            if offer is not None and offer.pk not in seen:
                offers.append(offer)
                seen.add(offer.pk)
        return offers


class HoursForm(forms.ModelForm):
    prefix = "hours"

    class Meta:
        model = HourEntry
        fields = ["date", "hours", "activity"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"hours": _("For example 2.5 for two and a half hours.")}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("You cannot log hours in the future."))
        return date


class ReasonForm(forms.Form):
    prefix = "end"
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DeclineForm(forms.Form):
    prefix = "decline"
    reason = forms.CharField(
        label=_("Why can you not take this student?"),
        help_text=_("The student and the Engage office read this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SignForm(forms.Form):
    prefix = "sign"
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    agree = forms.BooleanField(
        label=_("I have read the agreement and agree to it."), required=True
    )


RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


def _rating_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = poor, 5 = excellent"),
    )


class MentorEvaluationForm(forms.Form):
    prefix = "evaluation"
    evaluator_name = forms.CharField(label=_("Your full name"), max_length=200)
    commitment = _rating_field(
        MentorEvaluation._meta.get_field("commitment").verbose_name
    )
    communication = _rating_field(
        MentorEvaluation._meta.get_field("communication").verbose_name
    )
    initiative = _rating_field(
        MentorEvaluation._meta.get_field("initiative").verbose_name
    )
    respect = _rating_field(MentorEvaluation._meta.get_field("respect").verbose_name)
    comments = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def ratings(self):
        return {k: self.cleaned_data[k] for k in MentorEvaluation.RATINGS}


class StudentEvaluationForm(forms.Form):
    prefix = "evaluation"
    learning = _rating_field(StudentEvaluation._meta.get_field("learning").verbose_name)
    guidance = _rating_field(StudentEvaluation._meta.get_field("guidance").verbose_name)
    meaningfulness = _rating_field(
        StudentEvaluation._meta.get_field("meaningfulness").verbose_name
    )
    organisation = _rating_field(
        StudentEvaluation._meta.get_field("organisation").verbose_name
    )
    would_recommend = forms.BooleanField(
        label=StudentEvaluation._meta.get_field("would_recommend").verbose_name,
        required=False,
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Coordinators see students' evaluations only in aggregate."),
    )

    def ratings(self):
        return {k: self.cleaned_data[k] for k in StudentEvaluation.RATINGS}


class ReflectionForm(forms.Form):
    """One text area per prompt of the course."""

    def __init__(self, *args, prompts, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = list(prompts)
        for prompt in self.prompts:
            self.fields[f"prompt_{prompt.pk}"] = forms.CharField(
                label=prompt.question,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=answers.get(prompt.pk, ""),
            )

    def answers(self):
        return {p.pk: self.cleaned_data.get(f"prompt_{p.pk}", "") for p in self.prompts}


class PromptsForm(forms.Form):
    questions = forms.CharField(
        label=_("Reflection questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One question per line, in the order students should answer them."),
        required=False,
    )

    def question_list(self):
        return [
            line.strip()
            for line in self.cleaned_data["questions"].splitlines()
            if line.strip()
        ]
