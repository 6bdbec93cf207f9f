"""Science Shop: research questions from non-profits, from intake to published results.

The question's life is a state machine. Guard methods on `ResearchQuestion` check a
transition and change the instance in memory (raising `InvalidTransition` with a
human message when the current state does not allow it); they never save. The
services in `services.py` call them, save, audit and send the emails.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Role
from engage.core.exceptions import InvalidTransition
from engage.core.models import (
    LocalizedNameMixin,
    PersonalDataMixin,
    TimeStampedModel,
    localized,
)
from engage.core.storage import private_storage
from engage.core.uploads import DocumentValidator

DOCUMENT_TYPES = ("pdf", "docx", "odt")
validate_question_document = DocumentValidator(allowed=DOCUMENT_TYPES)


# How the asking organisation is named in public when it may not be (one wording).
UNNAMED_ORGANISATION = _("A non-profit organisation")
PUBLIC_NAMING_RULE = _(
    "The organisation is named in public (open questions, results page, impact "
    "report, students' engagement records) only when this is “Public” and the "
    "organisation is an active partner that consented to be listed publicly (on "
    "its partner record). Otherwise it is shown as “a non-profit organisation”."
)


def intake_overdue_days() -> int:
    """Days a question may wait for intake before the board marks it overdue."""
    return getattr(settings, "SCIENCE_SHOP_INTAKE_OVERDUE_DAYS", 14)


def intake_overdue_since(now=None):
    """The moment before which a question still waiting (submitted or in intake)
    is overdue. The clock runs from when it entered that state, the same clock as
    the "days in status" the admin shows next to the flag."""
    return (now or timezone.now()) - timedelta(days=intake_overdue_days())


def attachment_upload_to(instance, filename):
    """A random folder keeps the original name (the download name) unguessable."""
    return f"science_shop/attachments/{uuid.uuid4().hex}/{filename}"


def report_upload_to(instance, filename):
    return f"science_shop/reports/{uuid.uuid4().hex}/{filename}"


def new_follow_key() -> str:
    return secrets.token_urlsafe(9)


class ScienceShop(LocalizedNameMixin, TimeStampedModel):
    """A shop of the Flemish Science Shop network (the destination of a referral)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    university = models.CharField(_("university"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_home = models.BooleanField(
        _("this is our shop"),
        default=False,
        help_text=_("The shop this Engage installation runs for."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("science shop")
        verbose_name_plural = _("science shops")
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="science_shop_one_home_shop",
                violation_error_message=_("Only one shop can be this shop."),
            )
        ]

    @classmethod
    def home(cls):
        return cls.objects.filter(is_home=True).first()


class Discipline(LocalizedNameMixin, TimeStampedModel):
    """A field of study a question needs and a supervisor supervises in."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disciplines",
        verbose_name=_("faculty"),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")


class Supervisor(TimeStampedModel):
    """A staff member's declaration of the disciplines they will supervise in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="science_shop_supervisor",
        verbose_name=_("staff member"),
    )
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="science_shop_supervisors",
        verbose_name=_("faculty"),
    )
    disciplines = models.ManyToManyField(
        Discipline,
        related_name="supervisors",
        verbose_name=_("disciplines"),
        help_text=_("The disciplines you are willing to supervise a question in."),
    )
    is_available = models.BooleanField(
        _("available"),
        default=True,
        help_text=_("Untick when you cannot take on a new question for now."),
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")

    def __str__(self):
        return str(self.user)


class ResearchQuestionQuerySet(models.QuerySet):
    def open_for_students(self):
        return self.filter(status=ResearchQuestion.Status.OPEN)

    def published(self):
        """Results on the public site: published (or closed after publication)."""
        return self.filter(
            status__in=[
                ResearchQuestion.Status.PUBLISHED,
                ResearchQuestion.Status.CLOSED,
            ],
            published_at__isnull=False,
        ).exclude(confidentiality=ResearchQuestion.Confidentiality.CONFIDENTIAL)

    def awaiting_intake(self):
        return self.filter(
            status__in=[
                ResearchQuestion.Status.SUBMITTED,
                ResearchQuestion.Status.INTAKE,
            ]
        )

    def intake_overdue(self, now=None):
        return self.awaiting_intake().filter(
            status_changed_at__lt=intake_overdue_since(now)
        )

    def for_participant(self, user):
        """Questions `user` takes part in, as a matched student or the supervisor."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Q(supervisor=user) | Q(student_matches__student=user)
        ).distinct()

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class ResearchQuestion(PersonalDataMixin, TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        INTAKE = "intake", _("Intake")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REFERRED = "referred", _("Referred")
        ARTICULATED = "articulated", _("Articulated")
        OPEN = "open", _("Open for students")
        MATCHED = "matched", _("Matched")
        IN_PROGRESS = "in_progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Form(models.TextChoices):
        MASTER_THESIS = "master_thesis", _("Master's thesis")
        BACHELOR_PROJECT = "bachelor_project", _("Bachelor project")
        COURSE_ASSIGNMENT = "course_assignment", _("Course assignment")
        INTERNSHIP = "internship", _("Internship")

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("Public: the organisation and results may be named")
        ANONYMOUS = "anonymous", _("Anonymous: do not name the organisation publicly")
        CONFIDENTIAL = "confidential", _("Confidential: results are not published")

    class OrganisationMatch(models.TextChoices):
        ENTERPRISE_NUMBER = (
            "enterprise_number",
            _("Existing partner proposed on its enterprise number"),
        )
        NAME_POSTCODE = (
            "name_postcode",
            _("Existing partner proposed on name and postcode"),
        )
        CREATED = "created", _("New prospect organisation")
        CONFIRMED = "confirmed", _("Confirmed by a coordinator")

    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    # Who asks.
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="research_questions",
        verbose_name=_("organisation"),
    )
    contact = models.ForeignKey(
        "partners.Contact",
        on_delete=models.PROTECT,
        related_name="research_questions",
        verbose_name=_("contact person"),
    )
    proposed_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_research_questions",
        verbose_name=_("proposed existing organisation"),
        help_text=_(
            "The partner the submitted details seem to belong to. The question stays "
            "with its own prospect until a coordinator confirms the match."
        ),
    )
    organisation_confirmed_at = models.DateTimeField(
        _("organisation confirmed at"), null=True, blank=True
    )
    organisation_match = models.CharField(
        _("organisation matched by"),
        max_length=20,
        choices=OrganisationMatch.choices,
        default=OrganisationMatch.CREATED,
    )
    language = models.CharField(
        _("language for emails"),
        max_length=2,
        choices=Language.choices,
        default=Language.DUTCH,
    )
    submitted_details = models.JSONField(
        _("organisation and contact as submitted"),
        default=dict,
        blank=True,
        help_text=_("What the submitter typed, kept to compare with the partner."),
    )

    # The question in the submitter's words.
    title = models.CharField(_("question title"), max_length=200)
    question = models.TextField(_("the question"))
    background = models.TextField(_("background and who benefits"))
    intended_use = models.TextField(_("what you will do with the answer"))
    desired_timing = models.CharField(_("desired timing"), max_length=200, blank=True)
    preferred_disciplines = models.ManyToManyField(
        Discipline,
        blank=True,
        related_name="preferred_by_questions",
        verbose_name=_("preferred disciplines"),
    )
    is_nonprofit = models.BooleanField(_("non-profit or citizens' group"))
    nonprofit_explanation = models.TextField(_("explanation"), blank=True)
    has_no_research_budget = models.BooleanField(
        _("no budget for commissioned research")
    )
    budget_explanation = models.TextField(_("explanation"), blank=True)
    has_no_commercial_aim = models.BooleanField(_("no commercial aim"))
    commercial_explanation = models.TextField(_("explanation"), blank=True)
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_upload_to,
        storage=private_storage,
        blank=True,
        max_length=255,
        validators=[validate_question_document],
    )
    privacy_consent = models.BooleanField(_("consent to the privacy notice"))
    publication_consent = models.BooleanField(
        _("consent to publishing a lay summary"), default=False
    )
    submission_token = models.UUIDField(
        _("submission token"), null=True, blank=True, unique=True, editable=False
    )
    follow_key = models.CharField(max_length=16, default=new_follow_key, editable=False)

    # The workflow.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.SUBMITTED,
    )
    status_changed_at = models.DateTimeField(
        _("in this status since"), default=timezone.now
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_research_questions",
        verbose_name=_("coordinator"),
    )
    intake_notes = models.TextField(_("intake notes"), blank=True)
    intake_date = models.DateField(_("intake conversation"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    referred_to = models.ForeignKey(
        ScienceShop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_referred_to",
        verbose_name=_("referred to"),
    )
    referral_note = models.TextField(_("referral note"), blank=True)
    referred_from = models.ForeignKey(
        ScienceShop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_referred_from",
        verbose_name=_("referred from"),
    )
    external_reference = models.CharField(
        _("reference at the referring shop"), max_length=40, blank=True
    )

    # Articulation: the research question as students will see it.
    articulated_title = models.CharField(
        _("research question title"), max_length=200, blank=True
    )
    articulated_question = models.TextField(
        _("research question"),
        blank=True,
        help_text=_("The question reformulated with the submitter, for students."),
    )
    disciplines = models.ManyToManyField(
        Discipline,
        blank=True,
        related_name="research_questions",
        verbose_name=_("disciplines"),
    )
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="research_questions",
        verbose_name=_("faculty"),
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, blank=True)
    academic_year = models.ForeignKey(
        "university.AcademicYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="research_questions",
        verbose_name=_("academic year"),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
        help_text=PUBLIC_NAMING_RULE,
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SDG",
        blank=True,
        related_name="research_questions",
        verbose_name=_("SDGs"),
    )
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup",
        blank=True,
        related_name="research_questions",
        verbose_name=_("target groups"),
    )
    languages = models.ManyToManyField(
        "taxonomy.Language",
        blank=True,
        related_name="research_questions",
        verbose_name=_("languages"),
        help_text=_("Languages the research can be done in."),
    )

    # Matching, delivery and publication.
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_research_questions",
        verbose_name=_("supervisor"),
    )
    supervisor_confirmed_at = models.DateTimeField(
        _("supervisor confirmed at"), null=True, blank=True
    )
    supervisor_adopted = models.BooleanField(
        _("adopted by the supervisor"),
        default=False,
        help_text=_("The supervisor took the question on before students were found."),
    )
    report = models.FileField(
        _("report"),
        upload_to=report_upload_to,
        storage=private_storage,
        blank=True,
        max_length=255,
        validators=[validate_question_document],
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    lay_summary_en = models.TextField(_("lay summary (English)"), blank=True)
    lay_summary_nl = models.TextField(_("lay summary (Dutch)"), blank=True)
    thesis_url = models.URLField(_("thesis in the repository"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ResearchQuestionQuerySet.as_manager()

    # The contact holds the person; the question keeps what they typed.
    personal_fields = ("submitted_details",)
    # The submitter's details: not the coordinator's or supervisor's own data.
    personal_fields_by_link = {"coordinator": (), "supervisor": ()}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("research question")
        verbose_name_plural = _("research questions")
        indexes = [models.Index(fields=["status", "status_changed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="science_shop_unique_reference",
            ),
            models.CheckConstraint(
                condition=Q(privacy_consent=True),
                name="science_shop_privacy_consent_given",
                violation_error_message=_("Consent to the privacy notice is required."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="science_shop_declined_has_reason",
                violation_error_message=_("A declined question needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(referred_to__isnull=False),
                name="science_shop_referred_has_destination",
                violation_error_message=_("A referred question needs a destination."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "submitted",
                        "intake",
                        "accepted",
                        "declined",
                        "referred",
                    ]
                )
                | (Q(faculty__isnull=False, academic_year__isnull=False) & ~Q(form="")),
                name="science_shop_articulated_has_faculty_form_year",
                violation_error_message=_(
                    "An articulated question needs a faculty, a form and an "
                    "academic year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (~Q(lay_summary_en="") & ~Q(lay_summary_nl="")),
                name="science_shop_published_has_summaries",
                violation_error_message=_(
                    "A published question needs a lay summary in English and Dutch."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.display_title}".strip()

    def anonymise(self) -> None:
        self.submitted_details = {}

    # -- Presentation -----------------------------------------------------------------

    @property
    def display_title(self) -> str:
        return self.articulated_title or self.title

    @property
    def disciplines_display(self) -> str:
        return ", ".join(d.name for d in self.disciplines.all())

    @property
    def lay_summary(self) -> str:
        return localized(self, "lay_summary")

    @property
    def age_in_status(self) -> timedelta:
        return timezone.now() - self.status_changed_at

    @property
    def days_in_status(self) -> int:
        return self.age_in_status.days

    @property
    def is_intake_overdue(self) -> bool:
        return (
            self.status
            in (
                self.Status.SUBMITTED,
                self.Status.INTAKE,
            )
            and self.status_changed_at < intake_overdue_since()
        )

    @property
    def is_publishable(self) -> bool:
        """The submitter consented and the question is not confidential."""
        return (
            self.publication_consent
            and self.confidentiality != self.Confidentiality.CONFIDENTIAL
        )

    @property
    def names_organisation_publicly(self) -> bool:
        """The one rule (PUBLIC_NAMING_RULE) every public output follows."""
        return (
            self.confidentiality == self.Confidentiality.PUBLIC
            and self.organisation.public_listing_consent
            and self.organisation.status == self.organisation.Status.ACTIVE
        )

    @property
    def public_organisation_name(self) -> str:
        """The organisation as every public output names it."""
        if self.names_organisation_publicly:
            return self.organisation.name
        return str(UNNAMED_ORGANISATION)

    def rotate_follow_key(self) -> None:
        """Every follow link sent so far stops working (in memory; never saves)."""
        self.follow_key = new_follow_key()

    # -- Guards: check, change in memory, never save ----------------------------------

    def _require(self, allowed, message):
        if self.status not in allowed:
            raise InvalidTransition(message)

    def _move_to(self, status):
        self.status = status
        self.status_changed_at = timezone.now()

    def start_intake(self, *, coordinator=None):
        self._require(
            [self.Status.SUBMITTED],
            _("Only a newly submitted question can go to intake."),
        )
        if coordinator is not None and self.coordinator_id is None:
            self.coordinator = coordinator
        self._move_to(self.Status.INTAKE)

    def record_intake(self, *, notes: str, intake_date=None):
        self._require(
            [self.Status.INTAKE],
            _("Intake notes can only be written while the question is in intake."),
        )
        self.intake_notes = notes
        self.intake_date = intake_date

    def accept(self, *, notes: str | None = None, intake_date=None):
        self._require(
            [self.Status.INTAKE],
            _("A question is accepted after its intake; start the intake first."),
        )
        if notes is not None:
            self.intake_notes = notes
        if intake_date is not None:
            self.intake_date = intake_date
        if not (self.intake_notes or "").strip():
            raise InvalidTransition(
                _("Write the intake notes before accepting the question.")
            )
        self._move_to(self.Status.ACCEPTED)

    def decline(self, *, reason: str):
        self._require(
            [self.Status.SUBMITTED, self.Status.INTAKE],
            _("Only a question that is not yet accepted can be declined."),
        )
        if not (reason or "").strip():
            raise InvalidTransition(_("Give the reason; the submitter receives it."))
        self.decline_reason = reason.strip()
        self._move_to(self.Status.DECLINED)

    def refer(self, *, shop, note: str = ""):
        self._require(
            [self.Status.SUBMITTED, self.Status.INTAKE],
            _("Only a question that is not yet accepted can be referred."),
        )
        if shop is None:
            raise InvalidTransition(
                _("Choose the Science Shop to refer the question to.")
            )
        if shop.is_home:
            raise InvalidTransition(
                _("A question cannot be referred to this shop itself.")
            )
        if self.referred_from_id and shop.pk == self.referred_from_id:
            raise InvalidTransition(
                _("This question came from %(shop)s; it cannot be referred back there.")
                % {"shop": shop}
            )
        self.referred_to = shop
        self.referral_note = (note or "").strip()
        self._move_to(self.Status.REFERRED)

    def articulate(
        self,
        *,
        articulated_title: str,
        articulated_question: str,
        disciplines,
        faculty,
        form: str,
        academic_year,
        confidentiality: str,
    ):
        self._require(
            [self.Status.ACCEPTED],
            _("Only an accepted question can be articulated."),
        )
        missing = []
        if not (articulated_question or "").strip():
            missing.append(str(_("the research question")))
        if not list(disciplines):
            missing.append(str(_("at least one discipline")))
        if faculty is None:
            missing.append(str(_("the faculty")))
        if not form:
            missing.append(str(_("the form")))
        if academic_year is None:
            missing.append(str(_("the academic year")))
        if missing:
            raise InvalidTransition(
                _("To articulate the question, give %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        self.articulated_title = (articulated_title or "").strip()
        self.articulated_question = articulated_question.strip()
        self.faculty = faculty
        self.form = form
        self.academic_year = academic_year
        self.confidentiality = confidentiality or self.Confidentiality.PUBLIC
        self._move_to(self.Status.ARTICULATED)

    def open_for_students(self):
        self._require(
            [self.Status.ARTICULATED],
            _("Only an articulated question can be opened for students."),
        )
        self._move_to(self.Status.OPEN)

    def adopt(self, *, supervisor_profile, question_discipline_ids):
        """Supervisor-first: a supervisor takes the question on before students."""
        self._require(
            [self.Status.ARTICULATED, self.Status.OPEN],
            _("A question can be adopted once articulated and until it is matched."),
        )
        if self.supervisor_id:
            raise InvalidTransition(_("This question already has a supervisor."))
        if supervisor_profile is None or not supervisor_profile.is_available:
            raise InvalidTransition(
                _(
                    "Declare the disciplines you supervise in (and that you are "
                    "available) before adopting a question."
                )
            )
        declared = {d.pk for d in supervisor_profile.disciplines.all()}
        if not declared & set(question_discipline_ids):
            raise InvalidTransition(
                _("You do not supervise in any of this question's disciplines.")
            )
        self.supervisor = supervisor_profile.user
        self.supervisor_confirmed_at = timezone.now()
        self.supervisor_adopted = True

    def propose_match(self, *, students, supervisor):
        self._require(
            [self.Status.OPEN],
            _("Students can only be matched to a question that is open for students."),
        )
        students = list(students)
        if not students:
            raise InvalidTransition(_("Choose at least one student."))
        not_students = [s for s in students if not s.has_role(Role.STUDENT)]
        if not_students:
            raise InvalidTransition(
                _("%(name)s is not a student.") % {"name": not_students[0]}
            )
        if self.supervisor_id:
            if supervisor is not None and supervisor.pk != self.supervisor_id:
                raise InvalidTransition(
                    _("%(name)s already adopted this question as supervisor.")
                    % {"name": self.supervisor}
                )
        elif supervisor is None:
            raise InvalidTransition(_("Choose a supervisor."))
        else:
            self.supervisor = supervisor
            self.supervisor_confirmed_at = None
            self.supervisor_adopted = False
        self._move_to(self.Status.MATCHED)

    def confirm_participation(self, *, user, student_match=None):
        """A matched student or the supervisor confirms the proposed match."""
        self._require(
            [self.Status.MATCHED],
            _("There is no proposed match to confirm for this question."),
        )
        if student_match is not None:
            if student_match.confirmed_at:
                raise InvalidTransition(_("You already confirmed."))
            student_match.confirmed_at = timezone.now()
            return
        if user.pk != self.supervisor_id:
            raise InvalidTransition(_("You are not part of this match."))
        if self.supervisor_confirmed_at:
            raise InvalidTransition(_("You already confirmed."))
        self.supervisor_confirmed_at = timezone.now()

    def reopen_for_students(self):
        self._require(
            [self.Status.MATCHED],
            _("Only a matched question that has not started can be reopened."),
        )
        if not self.supervisor_adopted:
            self.supervisor = None
            self.supervisor_confirmed_at = None
        self._move_to(self.Status.OPEN)

    def start(self, *, kickoff, interim, final, all_students_confirmed: bool):
        self._require(
            [self.Status.MATCHED],
            _("Only a matched question can start."),
        )
        if not all_students_confirmed or not self.supervisor_confirmed_at:
            raise InvalidTransition(
                _("Every student and the supervisor must confirm the match first.")
            )
        if not (kickoff and interim and final):
            raise InvalidTransition(_("Give the kick-off, interim and final dates."))
        if not kickoff < interim < final:
            raise InvalidTransition(
                _(
                    "The kick-off comes before the interim, the interim before the "
                    "final."
                )
            )
        self._move_to(self.Status.IN_PROGRESS)

    def deliver(self, *, report, kickoff=None, today=None):
        """`kickoff` is the kick-off milestone's date: the research is delivered on
        or after it, so the engagement's dates never run backwards."""
        self._require(
            [self.Status.IN_PROGRESS],
            _("Only a question in progress can be delivered."),
        )
        if not report:
            raise InvalidTransition(_("Upload the report to deliver the question."))
        today = today or timezone.localdate()
        if kickoff is not None and today < kickoff:
            raise InvalidTransition(
                _(
                    "The research kicks off on %(date)s: a report cannot be "
                    "delivered before the kick-off."
                )
                % {"date": formats.date_format(kickoff, "DATE_FORMAT")}
            )
        self.report = report
        self.delivered_at = timezone.now()
        self._move_to(self.Status.DELIVERED)

    def publish(self, *, lay_summary_en: str, lay_summary_nl: str, thesis_url=""):
        self._require(
            [self.Status.DELIVERED],
            _("Only a delivered question can be published."),
        )
        if not self.publication_consent:
            raise InvalidTransition(
                _("The submitter did not consent to publishing a lay summary.")
            )
        if self.confidentiality == self.Confidentiality.CONFIDENTIAL:
            raise InvalidTransition(_("This question's results are confidential."))
        if not (lay_summary_en or "").strip() or not (lay_summary_nl or "").strip():
            raise InvalidTransition(
                _("Write the lay summary in both English and Dutch.")
            )
        self.lay_summary_en = lay_summary_en.strip()
        self.lay_summary_nl = lay_summary_nl.strip()
        self.thesis_url = thesis_url or self.thesis_url
        self.published_at = timezone.now()
        self._move_to(self.Status.PUBLISHED)

    @property
    def can_close(self) -> bool:
        return self.status == self.Status.PUBLISHED or (
            self.status == self.Status.DELIVERED and not self.is_publishable
        )

    def close(self):
        if not self.can_close:
            if self.status == self.Status.DELIVERED:
                raise InvalidTransition(
                    _("Publish the lay summary first: the submitter consented to it.")
                )
            raise InvalidTransition(
                _("Only a delivered or published question can be closed.")
            )
        self.closed_at = timezone.now()
        self._move_to(self.Status.CLOSED)

    def check_feedback_allowed(self, *, has_feedback: bool):
        self._require(
            [self.Status.DELIVERED, self.Status.PUBLISHED],
            _("Feedback can be given once the report is delivered."),
        )
        if has_feedback:
            raise InvalidTransition(_("Feedback was already given. Thank you!"))

    def check_interest_allowed(self):
        self._require(
            [self.Status.OPEN],
            _("This question is no longer open for students."),
        )


class StudentMatch(TimeStampedModel):
    """A student proposed for (and confirming) a question."""

    question = models.ForeignKey(
        ResearchQuestion,
        on_delete=models.CASCADE,
        related_name="student_matches",
        verbose_name=_("research question"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="science_shop_matches",
        verbose_name=_("student"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("matched student")
        verbose_name_plural = _("matched students")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "student"],
                name="science_shop_one_match_per_student",
            )
        ]

    def __str__(self):
        return f"{self.student} – {self.question}"


class Interest(TimeStampedModel):
    """A student's interest in an open question, with a short motivation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        MATCHED = "matched", _("Matched")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    question = models.ForeignKey(
        ResearchQuestion,
        on_delete=models.CASCADE,
        related_name="interests",
        verbose_name=_("research question"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="science_shop_interests",
        verbose_name=_("student"),
    )
    motivation = models.TextField(
        _("motivation"), validators=[MaxLengthValidator(1500)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "student"],
                name="science_shop_one_interest_per_student",
                violation_error_message=_(
                    "You already expressed interest in this question."
                ),
            )
        ]

    def __str__(self):
        return f"{self.student} – {self.question}"


class Milestone(TimeStampedModel):
    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kick-off")
        INTERIM = "interim", _("Interim")
        FINAL = "final", _("Final")

    question = models.ForeignKey(
        ResearchQuestion,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("research question"),
    )
    kind = models.CharField(_("milestone"), max_length=10, choices=Kind.choices)
    due_date = models.DateField(_("date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kind"], name="science_shop_one_milestone_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date:%Y-%m-%d}"


class StatusChange(models.Model):
    """The question's history, told to the submitter in plain language."""

    question = models.ForeignKey(
        ResearchQuestion,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("research question"),
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=ResearchQuestion.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=12, choices=ResearchQuestion.Status.choices
    )
    note = models.TextField(_("note for the submitter"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Message(TimeStampedModel):
    """One message in the conversation between the submitter and the coordinator."""

    question = models.ForeignKey(
        ResearchQuestion,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("research question"),
    )
    from_submitter = models.BooleanField(_("from the submitter"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="science_shop_messages",
        verbose_name=_("author"),
    )
    author_name = models.CharField(_("name"), max_length=200, blank=True)
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("message"), validators=[MaxLengthValidator(5000)])

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.author_name}: {self.body[:40]}"


class Feedback(TimeStampedModel):
    """The submitter's view of the result: how satisfied, and what they did with it."""

    class Satisfaction(models.IntegerChoices):
        VERY_DISSATISFIED = 1, _("Very dissatisfied")
        DISSATISFIED = 2, _("Dissatisfied")
        NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
        SATISFIED = 4, _("Satisfied")
        VERY_SATISFIED = 5, _("Very satisfied")

    question = models.OneToOneField(
        ResearchQuestion,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("research question"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("how satisfied are you with the result?"), choices=Satisfaction.choices
    )
    use_of_results = models.TextField(_("what did you do with the result?"))
    comments = models.TextField(_("anything else you want to tell us?"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="science_shop_feedback_satisfaction_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.get_satisfaction_display()}"


class SubmissionAttempt(models.Model):
    """A public submission (or follow-link request) from an address (hashed), for
    the per-address rate limits.

    Kept in the database so every web process sees the same count; rows older than
    the window are deleted as new ones arrive.
    """

    class Purpose(models.TextChoices):
        SUBMISSION = "submission", _("Submission or kept attachment")
        FOLLOW_LINK = "follow_link", _("Request for a follow link")

    address_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(
        max_length=12, choices=Purpose.choices, default=Purpose.SUBMISSION
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("submission attempt")
        verbose_name_plural = _("submission attempts")

    def __str__(self):
        return f"{self.address_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"
