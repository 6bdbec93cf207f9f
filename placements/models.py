"""Service-learning: courses, placement offers, preferences, placements and the
hours, reflections and evaluations around them.

Models hold data and invariants; transitions are guard methods that change the
object in memory (or raise InvalidTransition) and never save: services save.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.exceptions import InvalidTransition
from engage.core.models import PersonalDataMixin, TimeStampedModel, localized
from engage.core.storage import RandomName, private_storage


class Prerequisite(TimeStampedModel):
    """Something a student must have before a placement may start (a list the
    coordinators manage): criminal-record extract "model 2", vaccination, ..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class CourseQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(academic_year=year)

    def taught_by(self, user):
        return self.filter(lecturers=user)


class Course(TimeStampedModel):
    """A service-learning course in one academic year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for preferences")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    code = models.CharField(
        _("course code"), max_length=20, help_text=_("For example B-KUL-W0AB1A.")
    )
    academic_year = models.ForeignKey(
        "university.AcademicYear",
        on_delete=models.PROTECT,
        related_name="sl_courses",
        verbose_name=_("academic year"),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.PROTECT,
        related_name="sl_courses",
        verbose_name=_("faculty"),
    )
    programmes = models.ManyToManyField(
        "university.Programme",
        blank=True,
        related_name="sl_courses",
        verbose_name=_("programmes"),
    )
    campus = models.ForeignKey(
        "university.Campus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sl_courses",
        verbose_name=_("campus"),
    )
    ects = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("6"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    lecturers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="sl_courses_taught",
        verbose_name=_("lecturers"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sl_courses_coordinated",
        verbose_name=_("coordinator"),
    )
    learning_outcomes_en = models.TextField(
        _("learning outcomes (English)"), blank=True
    )
    learning_outcomes_nl = models.TextField(_("learning outcomes (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    expected_hours = models.PositiveSmallIntegerField(
        _("expected hours per student"), default=40
    )
    planned_students = models.PositiveSmallIntegerField(
        _("number of students"), default=0
    )
    max_preferences = models.PositiveSmallIntegerField(
        _("offers a student may rank"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    preference_deadline = models.DateTimeField(
        _("deadline for preferences"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
        editable=False,
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start_date", "code"]
        verbose_name = _("service-learning course")
        verbose_name_plural = _("service-learning courses")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "academic_year"],
                name="placements_course_code_unique_per_year",
                violation_error_message=_(
                    "A course with this code already exists in this academic year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_preferences__gte=1, max_preferences__lte=10),
                name="placements_course_max_preferences_1_to_10",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title} ({self.academic_year.label})"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def code_with_year(self) -> str:
        """The code alone is ambiguous: a course recurs every academic year."""
        return f"{self.code} ({self.academic_year.label})"

    @property
    def learning_outcomes(self) -> str:
        return localized(self, "learning_outcomes")

    @property
    def description(self) -> str:
        return localized(self, "description")

    def preferences_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and (
            self.preference_deadline is None or now <= self.preference_deadline
        )

    @property
    def preferences_closed_by_allocation(self) -> bool:
        """A committed allocation closed the ranking (re-opening is explicit)."""
        return self.status == self.Status.RUNNING

    # Transitions (guards: change memory, never save).

    def close_preferences(self):
        """A committed allocation closes the ranking: the course is running."""
        if self.status == self.Status.CLOSED:
            raise InvalidTransition(_("This course is closed."))
        self.status = self.Status.RUNNING

    def reopen_preferences(self, *, deadline=None, now=None):
        if self.status != self.Status.RUNNING:
            raise InvalidTransition(
                _("Only a course whose ranking was closed can be re-opened.")
            )
        now = now or timezone.now()
        if deadline is not None:
            if deadline <= now:
                raise InvalidTransition(_("The new deadline must be in the future."))
            self.preference_deadline = deadline
        elif self.preference_deadline is not None and self.preference_deadline < now:
            raise InvalidTransition(
                _("The deadline has passed: set a new deadline to re-open.")
            )
        self.status = self.Status.OPEN


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Offer.Status.PUBLISHED, Offer.Status.FULL])

    def for_course(self, course):
        """Offers open to `course`: linked to it, or to any course of its faculty."""
        linked = Offer.courses.through.objects.filter(course_id=course.pk).values(
            "offer_id"
        )
        return self.filter(academic_year_id=course.academic_year_id).filter(
            Q(pk__in=linked) | Q(faculty_id=course.faculty_id)
        )


class Offer(TimeStampedModel):
    """A place at a partner organisation where students can do their service."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        FULL = "full", _("Full")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="placement_offers",
        verbose_name=_("organisation"),
    )
    academic_year = models.ForeignKey(
        "university.AcademicYear",
        on_delete=models.PROTECT,
        related_name="placement_offers",
        verbose_name=_("academic year"),
    )
    courses = models.ManyToManyField(
        Course,
        blank=True,
        related_name="offers",
        verbose_name=_("courses"),
        help_text=_("The courses this place is for."),
    )
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_offers",
        verbose_name=_("any course of faculty"),
        help_text=_("Or open the place to every service-learning course of a faculty."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(
        _("title (Dutch)"),
        max_length=200,
        blank=True,
        help_text=_("Shown to Dutch readers; the English title when left empty."),
    )
    tasks_en = models.TextField(_("tasks (English)"))
    tasks_nl = models.TextField(
        _("tasks (Dutch)"),
        blank=True,
        help_text=_("Shown to Dutch readers; the English tasks when left empty."),
    )
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup",
        blank=True,
        related_name="placement_offers",
        verbose_name=_("target groups"),
    )
    mentor = models.ForeignKey(
        "partners.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_offers",
        verbose_name=_("mentor"),
        help_text=_("The person at the organisation who guides the students."),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    campus = models.ForeignKey(
        "university.Campus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_offers",
        verbose_name=_("campus"),
    )
    languages = models.ManyToManyField(
        "taxonomy.Language",
        blank=True,
        related_name="placement_offers",
        verbose_name=_("languages required"),
        help_text=_("A student must work in every language listed."),
    )
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1)]
    )
    places_taken = models.PositiveSmallIntegerField(
        _("places taken"),
        default=0,
        editable=False,
        help_text=_(
            "Confirmed placements (kept by the services, checked by the database)."
        ),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("4"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    prerequisites = models.ManyToManyField(
        Prerequisite,
        blank=True,
        related_name="offers",
        verbose_name=_("prerequisites"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
        editable=False,
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "title_en"]
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("places")),
                name="placements_offer_places_not_exceeded",
                violation_error_message=_("This offer has no places left."),
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="placements_offer_at_least_one_place",
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="placements_offer_starts_before_end",
                violation_error_message=_("The period must start before it ends."),
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "status"])]

    def __str__(self):
        return f"{self.title} ({self.organisation.name})"

    # `title` and `tasks` follow the reader's language (English when no Dutch text);
    # setting them writes the English text.
    @property
    def title(self) -> str:
        return localized(self, "title")

    @title.setter
    def title(self, value: str) -> None:
        self.title_en = value

    @property
    def tasks(self) -> str:
        return localized(self, "tasks")

    @tasks.setter
    def tasks(self, value: str) -> None:
        self.tasks_en = value

    @property
    def places_free(self) -> int:
        return max(self.places - self.places_taken, 0)

    def clean(self):
        if self.places is not None and self.places < self.places_taken:
            raise ValidationError(
                {
                    "places": _(
                        "%(taken)s students are already confirmed: keep at least "
                        "that many places."
                    )
                    % {"taken": self.places_taken}
                }
            )

    # Transitions (guards: change memory, never save).

    def publish(self):
        if self.status != self.Status.DRAFT and self.status != self.Status.CLOSED:
            raise InvalidTransition(_("Only a draft or closed offer can be published."))
        self.status = (
            self.Status.FULL
            if self.places_taken >= self.places
            else self.Status.PUBLISHED
        )

    def close(self):
        if self.status == self.Status.CLOSED:
            raise InvalidTransition(_("This offer is already closed."))
        self.status = self.Status.CLOSED

    def take_place(self):
        """One more confirmed student; the offer becomes full at its last place."""
        if self.places_taken >= self.places:
            raise InvalidTransition(
                _("%(offer)s has no places left.") % {"offer": self.title}
            )
        self.places_taken += 1
        if self.places_taken >= self.places and self.status == self.Status.PUBLISHED:
            self.status = self.Status.FULL

    def release_place(self):
        self.places_taken = max(self.places_taken - 1, 0)
        if self.status == self.Status.FULL and self.places_taken < self.places:
            self.status = self.Status.PUBLISHED


class Enrolment(PersonalDataMixin, TimeStampedModel):
    """A student taking a service-learning course, with their stated preferences."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("By hand")
        IMPORT = "import", _("Imported")

    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sl_enrolments",
        verbose_name=_("student"),
    )
    programme = models.ForeignKey(
        "university.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sl_enrolments",
        verbose_name=_("programme"),
    )
    languages = models.ManyToManyField(
        "taxonomy.Language",
        blank=True,
        related_name="sl_enrolments",
        verbose_name=_("languages I work in"),
    )
    note = models.TextField(_("note"), blank=True)
    preferences_submitted_at = models.DateTimeField(
        _("preferences submitted at"), null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )

    personal_fields = ("note",)

    class Meta:
        ordering = ["course", "student__last_name", "student__first_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "student"],
                name="placements_enrolment_unique",
                violation_error_message=_(
                    "This student is already enrolled in this course."
                ),
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.course.code_with_year}"


class Preference(models.Model):
    """One ranked offer (1 = first choice) of an enrolled student."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("enrolment"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("offer"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["enrolment", "rank"]
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "rank"], name="placements_preference_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["enrolment", "offer"], name="placements_preference_offer_unique"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1), name="placements_preference_rank_positive"
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.offer_id}"


class AllocationRule(TimeStampedModel):
    """A coordinator's pin (this student gets this offer) or forbid (not this pair)."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Pin")
        FORBID = "forbid", _("Forbid")

    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="allocation_rules",
        verbose_name=_("course"),
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="allocation_rules",
        verbose_name=_("student"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        related_name="allocation_rules",
        verbose_name=_("offer"),
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["course", "enrolment", "kind"]
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "offer"],
                name="placements_allocation_rule_unique_pair",
                violation_error_message=_(
                    "There is already a rule for this student and offer."
                ),
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(kind="pin"),
                name="placements_allocation_one_pin_per_student",
                violation_error_message=_(
                    "This student is already pinned to an offer."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.enrolment} → {self.offer_id}"


class AllocationRun(TimeStampedModel):
    """A committed allocation: who ran it and what it decided (the command's JSON)."""

    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="allocation_runs",
        verbose_name=_("course"),
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committed by"),
    )
    placed = models.PositiveIntegerField(_("placed"), default=0)
    unplaced = models.PositiveIntegerField(_("unplaced"), default=0)
    result = models.JSONField(_("result"), default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")

    def __str__(self):
        return f"{self.course.code}: {self.created_at:%Y-%m-%d %H:%M}"


class PlacementQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Placement.OPEN_STATUSES)

    def live(self):
        """Not cancelled or withdrawn."""
        return self.exclude(status__in=Placement.ENDED_STATUSES)

    def holding_a_place(self):
        return self.filter(status__in=Placement.PLACE_HOLDING_STATUSES)


class Placement(PersonalDataMixin, TimeStampedModel):
    """A student placed at an offer for a course, from proposal to evaluation."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        EVALUATED = "evaluated", _("Evaluated")
        CANCELLED = "cancelled", _("Cancelled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (
        Status.PROPOSED,
        Status.CONFIRMED,
        Status.AGREEMENT_SIGNED,
        Status.ACTIVE,
    )
    ENDED_STATUSES = (Status.CANCELLED, Status.WITHDRAWN)
    PLACE_HOLDING_STATUSES = (
        Status.CONFIRMED,
        Status.AGREEMENT_SIGNED,
        Status.ACTIVE,
        Status.COMPLETED,
        Status.EVALUATED,
    )

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("enrolment"),
    )
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("course"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sl_placements",
        verbose_name=_("student"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("offer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    preference_rank = models.PositiveSmallIntegerField(
        _("preference rank"), null=True, blank=True
    )
    allocation_run = models.ForeignKey(
        AllocationRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("allocation run"),
    )
    student_accepted_at = models.DateTimeField(
        _("student accepted at"), null=True, blank=True
    )
    partner_accepted_at = models.DateTimeField(
        _("partner accepted at"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    activated_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    # The tripartite agreement: who signed, when and from where.
    student_signed_name = models.CharField(
        _("signed by (student)"), max_length=200, blank=True
    )
    student_signed_at = models.DateTimeField(
        _("student signed at"), null=True, blank=True
    )
    student_signed_ip = models.GenericIPAddressField(
        _("student signed from"), null=True, blank=True
    )
    mentor_signed_name = models.CharField(
        _("signed by (mentor)"), max_length=200, blank=True
    )
    mentor_signed_at = models.DateTimeField(
        _("mentor signed at"), null=True, blank=True
    )
    mentor_signed_ip = models.GenericIPAddressField(
        _("mentor signed from"), null=True, blank=True
    )
    agreement_file = models.FileField(
        _("signed agreement"),
        upload_to=RandomName("placements/agreements"),
        storage=private_storage,
        blank=True,
        max_length=255,
    )

    objects = PlacementQuerySet.as_manager()

    personal_fields = (
        "student_signed_name",
        "student_signed_ip",
        "mentor_signed_name",
        "mentor_signed_ip",
        "end_reason",
    )
    # The mentor's signature is theirs, not the student's (not in the student's export).
    personal_fields_by_link = {
        "student": ("student_signed_name", "student_signed_ip", "end_reason")
    }

    class Meta:
        ordering = ["course", "student__last_name", "student__first_name"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=~Q(status__in=["cancelled", "withdrawn"]),
                name="placements_one_live_placement_per_enrolment",
                violation_error_message=_(
                    "This student already has a placement in this course."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["cancelled", "withdrawn"]) | ~Q(end_reason=""),
                name="placements_ended_placement_has_reason",
                violation_error_message=_("Give a reason."),
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.student} → {self.offer.title}"

    def clean(self):
        if self.enrolment_id and self.course_id and self.student_id:
            enrolment = self.enrolment
            if (enrolment.course_id, enrolment.student_id) != (
                self.course_id,
                self.student_id,
            ):
                raise ValidationError(
                    _("The course and student must match the enrolment.")
                )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def holds_place(self) -> bool:
        return self.status in self.PLACE_HOLDING_STATUSES

    @property
    def hours_display(self) -> str:
        """Approved against expected hours (listings annotate `approved_hours`)."""
        approved = getattr(self, "approved_hours", None)
        if approved is None:
            return ""
        return f"{approved.normalize():f} / {self.course.expected_hours}"

    @property
    def signatures_display(self) -> str:
        parties = []
        if self.student_has_signed:
            parties.append(str(_("student")))
        if self.mentor_has_signed:
            parties.append(str(_("mentor")))
        return ", ".join(parties) or "–"

    @property
    def student_has_signed(self) -> bool:
        return self.student_signed_at is not None

    @property
    def mentor_has_signed(self) -> bool:
        return self.mentor_signed_at is not None

    # Transitions (guards: change memory, never save).

    def _require(self, *statuses, message):
        if self.status not in statuses:
            raise InvalidTransition(message)

    def accept(self, party: str, now=None) -> bool:
        """Record the student's or partner's acceptance; True when both accepted."""
        self._require(
            self.Status.PROPOSED,
            message=_("Only a proposed placement can be accepted."),
        )
        now = now or timezone.now()
        if party == "student":
            self.student_accepted_at = self.student_accepted_at or now
        elif party == "partner":
            self.partner_accepted_at = self.partner_accepted_at or now
        else:
            raise ValueError(party)
        return bool(self.student_accepted_at and self.partner_accepted_at)

    def confirm(self, now=None):
        self._require(
            self.Status.PROPOSED,
            message=_("Only a proposed placement can be confirmed."),
        )
        now = now or timezone.now()
        self.student_accepted_at = self.student_accepted_at or now
        self.partner_accepted_at = self.partner_accepted_at or now
        self.confirmed_at = now
        self.status = self.Status.CONFIRMED

    def sign(self, party: str, *, name: str, ip: str | None, now=None) -> bool:
        """Record a signature on the agreement; True when both parties signed."""
        self._require(
            self.Status.CONFIRMED,
            message=_("The agreement can be signed once the placement is confirmed."),
        )
        name = (name or "").strip()
        if not name:
            raise InvalidTransition(_("Type your full name to sign."))
        now = now or timezone.now()
        if party == "student":
            if self.student_has_signed:
                raise InvalidTransition(_("The student has already signed."))
            self.student_signed_name, self.student_signed_at = name, now
            self.student_signed_ip = ip
        elif party == "mentor":
            if self.mentor_has_signed:
                raise InvalidTransition(_("The mentor has already signed."))
            self.mentor_signed_name, self.mentor_signed_at = name, now
            self.mentor_signed_ip = ip
        else:
            raise ValueError(party)
        if self.student_has_signed and self.mentor_has_signed:
            self.status = self.Status.AGREEMENT_SIGNED
            return True
        return False

    def activate(self, *, unmet_prerequisites=(), now=None):
        self._require(
            self.Status.AGREEMENT_SIGNED,
            message=_("A placement can start once its agreement is signed."),
        )
        unmet = list(unmet_prerequisites)
        if unmet:
            raise InvalidTransition(
                _("This placement cannot start: %(items)s not yet checked.")
                % {"items": ", ".join(str(p) for p in unmet)}
            )
        self.activated_at = now or timezone.now()
        self.status = self.Status.ACTIVE

    def complete(self, now=None):
        self._require(
            self.Status.ACTIVE, message=_("Only an active placement can be completed.")
        )
        self.completed_at = now or timezone.now()
        self.status = self.Status.COMPLETED

    def mark_evaluated(
        self, *, has_mentor_evaluation, has_student_evaluation, now=None
    ):
        self._require(
            self.Status.COMPLETED,
            message=_("Only a completed placement can be evaluated."),
        )
        if not (has_mentor_evaluation and has_student_evaluation):
            raise InvalidTransition(
                _("Both the mentor and the student must give their evaluation.")
            )
        self.evaluated_at = now or timezone.now()
        self.status = self.Status.EVALUATED

    def _end(self, status, reason, now):
        self._require(
            *self.OPEN_STATUSES,
            message=_("Only an open placement can be cancelled or withdrawn."),
        )
        reason = (reason or "").strip()
        if not reason:
            raise InvalidTransition(_("Give a reason."))
        self.status = status
        self.end_reason = reason
        self.ended_at = now or timezone.now()

    def cancel(self, reason: str, now=None):
        self._end(self.Status.CANCELLED, reason, now)

    def decline(self, reason: str, now=None):
        """The partner turns a proposed student down (the proposal is cancelled)."""
        self._require(
            self.Status.PROPOSED,
            message=_("Only a proposed student can be declined."),
        )
        if not (reason or "").strip():
            raise InvalidTransition(_("Give a reason for declining."))
        self._end(self.Status.CANCELLED, reason, now)

    def withdraw(self, reason: str, now=None):
        self._end(self.Status.WITHDRAWN, reason, now)


class PrerequisiteCheck(TimeStampedModel):
    """A coordinator checked one prerequisite of a placement (e.g. saw the extract)."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="prerequisite_checks",
        verbose_name=_("placement"),
    )
    prerequisite = models.ForeignKey(
        Prerequisite,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("prerequisite"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["prerequisite__sort_order"]
        verbose_name = _("prerequisite check")
        verbose_name_plural = _("prerequisite checks")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "prerequisite"],
                name="placements_prerequisite_checked_once",
            )
        ]


class HourEntry(TimeStampedModel):
    """Hours a student logged; the mentor approves or rejects them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To approve")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="hour_entries",
        verbose_name=_("placement"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.25")),
            MaxValueValidator(Decimal("24")),
        ],
    )
    activity = models.CharField(_("activity"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by (account)"),
    )
    reviewer_name = models.CharField(_("reviewed by"), max_length=200, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24),
                name="placements_hours_between_0_and_24",
                violation_error_message=_(
                    "Log between a quarter of an hour and 24 hours."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="placements_rejected_hours_have_reason",
                violation_error_message=_("Say why these hours are rejected."),
            ),
        ]

    def __str__(self):
        return f"{self.date}: {self.hours} h"

    def approve(self, *, reviewer_name: str, now=None):
        if self.status != self.Status.PENDING:
            raise InvalidTransition(_("These hours have already been reviewed."))
        self.status = self.Status.APPROVED
        self.reviewer_name = reviewer_name
        self.reviewed_at = now or timezone.now()

    def reject(self, *, reviewer_name: str, reason: str, now=None):
        if self.status != self.Status.PENDING:
            raise InvalidTransition(_("These hours have already been reviewed."))
        reason = (reason or "").strip()
        if not reason:
            raise InvalidTransition(_("Say why these hours are rejected."))
        self.status = self.Status.REJECTED
        self.reviewer_name = reviewer_name
        self.rejection_reason = reason
        self.reviewed_at = now or timezone.now()


class ReflectionPrompt(TimeStampedModel):
    """A question the lecturer asks every student of a course to reflect on."""

    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="reflection_prompts",
        verbose_name=_("course"),
    )
    question = models.TextField(_("question"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["course", "sort_order", "pk"]
        verbose_name = _("reflection prompt")
        verbose_name_plural = _("reflection prompts")

    def __str__(self):
        return self.question[:80]


class Reflection(TimeStampedModel):
    """A student's answer to one prompt: read by lecturer and coordinator only."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("placement"),
    )
    prompt = models.ForeignKey(
        ReflectionPrompt,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("prompt"),
    )
    answer = models.TextField(_("answer"))

    class Meta:
        ordering = ["prompt__sort_order", "prompt_id"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "prompt"],
                name="placements_one_reflection_per_prompt",
            )
        ]


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _rating(label):
    return models.PositiveSmallIntegerField(label, validators=RATING_VALIDATORS)


def _rating_constraint(name, fields):
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    return models.CheckConstraint(condition=condition, name=name)


MENTOR_RATINGS = ("commitment", "communication", "initiative", "respect")
STUDENT_RATINGS = ("learning", "guidance", "meaningfulness", "organisation")


class MentorEvaluation(PersonalDataMixin, TimeStampedModel):
    """The mentor's evaluation of the student, at the end of the placement."""

    RATINGS = MENTOR_RATINGS

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="mentor_evaluation",
        verbose_name=_("placement"),
    )
    commitment = _rating(_("commitment and reliability"))
    communication = _rating(_("communication"))
    initiative = _rating(_("initiative"))
    respect = _rating(_("respect for the people we work with"))
    comments = models.TextField(_("comments"), blank=True)
    evaluator_name = models.CharField(_("evaluated by"), max_length=200)

    personal_fields = ("evaluator_name", "comments")

    class Meta:
        verbose_name = _("mentor evaluation")
        verbose_name_plural = _("mentor evaluations")
        constraints = [
            _rating_constraint("placements_mentor_ratings_1_to_5", MENTOR_RATINGS)
        ]


class StudentEvaluation(PersonalDataMixin, TimeStampedModel):
    """The student's evaluation of the placement (shown to partners never, to
    coordinators only in aggregate per organisation)."""

    RATINGS = STUDENT_RATINGS

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="student_evaluation",
        verbose_name=_("placement"),
    )
    learning = _rating(_("what I learned"))
    guidance = _rating(_("guidance by the mentor"))
    meaningfulness = _rating(_("meaning for the people served"))
    organisation = _rating(_("practical organisation"))
    would_recommend = models.BooleanField(
        _("I would recommend this place to other students"), default=True
    )
    comments = models.TextField(_("comments"), blank=True)

    personal_fields = ("comments",)

    class Meta:
        verbose_name = _("student evaluation")
        verbose_name_plural = _("student evaluations")
        constraints = [
            _rating_constraint("placements_student_ratings_1_to_5", STUDENT_RATINGS)
        ]
