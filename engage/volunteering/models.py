"""KOTengage: opportunities, shifts, sign-ups with waitlists, hours and initiatives.

Places on a shift are counted in the database: `Shift.places_taken` (confirmed,
offered, attended and no-show sign-ups) can never exceed `Shift.capacity` (a check
constraint), and services change it only while holding the shift's row lock.
"""

import datetime
import secrets
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from engage.core.exceptions import InvalidTransition
from engage.core.models import PersonalDataMixin, TimeStampedModel, localized

BRUSSELS = ZoneInfo("Europe/Brussels")
HOURS = Decimal("0.01")


@register_setting(icon="date")
class VolunteeringSettings(BaseSiteSetting):
    """Office-tunable timings of KOTengage (Settings > KOTengage in the admin)."""

    offer_valid_hours = models.PositiveSmallIntegerField(
        _("waitlist offer valid for (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_(
            "When a place frees up, the first student on the waitlist has this long "
            "to accept it before it goes to the next in line."
        ),
    )
    cancellation_deadline_hours = models.PositiveSmallIntegerField(
        _("cancellation deadline (hours before the shift)"),
        default=24,
        validators=[MaxValueValidator(336)],
        help_text=_("Students can cancel a confirmed place until this long before."),
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("reminder (hours before the shift)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )

    panels = [
        FieldPanel("offer_valid_hours"),
        FieldPanel("cancellation_deadline_hours"),
        FieldPanel("reminder_hours_before"),
    ]

    class Meta:
        verbose_name = _("KOTengage")

    @classmethod
    def current(cls) -> "VolunteeringSettings":
        """The default site's settings; unsaved defaults when there is no site yet."""
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else cls()

    @property
    def offer_valid_for(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.offer_valid_hours)

    @property
    def cancellation_deadline(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.cancellation_deadline_hours)

    @property
    def reminder_lead(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.reminder_hours_before)


class LocalizedTitleMixin:
    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    def __str__(self):
        return self.title


# Student initiatives ------------------------------------------------------------


class StudentInitiativeQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=StudentInitiative.Status.APPROVED)

    def for_member(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class StudentInitiative(PersonalDataMixin, TimeStampedModel):
    """Students who organise volunteering themselves, once a coordinator approves."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=150, unique=True)
    goal = models.TextField(_("goal"), help_text=_("What the initiative wants to do."))
    contact_email = models.EmailField(_("contact email"), blank=True)
    city = models.ForeignKey(
        "university.Campus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campus city"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="InitiativeMembership",
        related_name="volunteering_initiatives",
        verbose_name=_("members"),
    )
    sponsor_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_initiatives",
        verbose_name=_("staff sponsor"),
    )
    sponsor_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_initiatives",
        verbose_name=_("partner sponsor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = StudentInitiativeQuerySet.as_manager()

    personal_fields = ("contact_email",)
    # The contact address is the proposer's; sponsors and deciders only see it.
    personal_fields_by_link = {"sponsor_staff": (), "decided_by": ()}

    class Meta:
        ordering = ["name"]
        verbose_name = _("student initiative")
        verbose_name_plural = _("student initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(sponsor_staff__isnull=False)
                | Q(sponsor_organisation__isnull=False),
                name="volunteering_initiative_has_sponsor",
                violation_error_message=_(
                    "An initiative needs a sponsor: a staff member or a partner."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def approve(self, *, by, note: str = "", now=None) -> None:
        if self.status != self.Status.PROPOSED:
            raise InvalidTransition(_("Only a proposed initiative can be approved."))
        self.status = self.Status.APPROVED
        self.decided_by, self.decided_at = by, now or timezone.now()
        self.decision_note = note

    def reject(self, *, by, note: str, now=None) -> None:
        if self.status != self.Status.PROPOSED:
            raise InvalidTransition(_("Only a proposed initiative can be rejected."))
        if not note.strip():
            raise InvalidTransition(_("Say why the initiative is not approved."))
        self.status = self.Status.REJECTED
        self.decided_by, self.decided_at = by, now or timezone.now()
        self.decision_note = note

    def close(self) -> None:
        if self.status != self.Status.APPROVED:
            raise InvalidTransition(_("Only an approved initiative can be closed."))
        self.status = self.Status.CLOSED


class InitiativeMembership(TimeStampedModel):
    initiative = models.ForeignKey(
        StudentInitiative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("initiative"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="initiative_memberships",
        verbose_name=_("member"),
    )
    is_lead = models.BooleanField(_("lead"), default=False)

    class Meta:
        ordering = ["-is_lead", "user__last_name"]
        verbose_name = _("initiative member")
        verbose_name_plural = _("initiative members")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user"],
                name="volunteering_one_membership_per_person",
                violation_error_message=_("This person is already a member."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.initiative}"


# Opportunities ------------------------------------------------------------------


class OpportunityQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published and inside the publish window: what the public sees."""
        now = now or timezone.now()
        return self.filter(status=Opportunity.Status.PUBLISHED).filter(
            Q(publish_from__isnull=True) | Q(publish_from__lte=now),
            Q(publish_until__isnull=True) | Q(publish_until__gt=now),
        )

    def with_free_places(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Exists(
                Shift.objects.upcoming(now)
                .with_free_places()
                .filter(opportunity=OuterRef("pk"))
            )
        )

    def organised_by_user(self, user):
        """Opportunities of the organisations and initiatives `user` organises for."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Q(
                organisation__contacts__user=user,
                organisation__contacts__is_active=True,
            )
            | Q(
                initiative__memberships__user=user,
                initiative__status=StudentInitiative.Status.APPROVED,
            )
        ).distinct()


class Opportunity(LocalizedTitleMixin, PersonalDataMixin, TimeStampedModel):
    """Something students can volunteer for, organised by a partner or an initiative."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("One-off")
        RECURRING = "recurring", _("Recurring")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteering_opportunities",
        verbose_name=_("organisation"),
    )
    initiative = models.ForeignKey(
        StudentInitiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("student initiative"),
    )
    title_en = models.CharField(_("title (English)"), max_length=150)
    title_nl = models.CharField(_("title (Dutch)"), max_length=150, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup",
        blank=True,
        related_name="+",
        verbose_name=_("target groups"),
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SDG", blank=True, related_name="+", verbose_name=_("SDGs")
    )
    languages = models.ManyToManyField(
        "taxonomy.Language",
        blank=True,
        related_name="+",
        verbose_name=_("languages"),
        help_text=_("The languages volunteers need."),
    )
    campus = models.ForeignKey(
        "university.Campus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campus city"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    requires_criminal_record_extract = models.BooleanField(
        _("criminal record extract needed"),
        default=False,
        help_text=_("Model 2 extract, e.g. for work with minors."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(16), MaxValueValidator(99)],
    )
    requires_training = models.BooleanField(_("training session needed"), default=False)
    requirements_en = models.TextField(_("other requirements (English)"), blank=True)
    requirements_nl = models.TextField(_("other requirements (Dutch)"), blank=True)
    kind = models.CharField(
        _("one-off or recurring"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.ONE_OFF,
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(
        _("contact email"),
        help_text=_("Receives cancellations, attendance and hours to approve."),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_language = models.CharField(
        _("contact's language"),
        max_length=2,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_from = models.DateTimeField(_("publish from"), null=True, blank=True)
    publish_until = models.DateTimeField(_("publish until"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    personal_fields = ("contact_name", "contact_email", "contact_phone")

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, initiative__isnull=True)
                    | Q(organisation__isnull=True, initiative__isnull=False)
                ),
                name="volunteering_opportunity_one_organiser",
                violation_error_message=_(
                    "Choose one organiser: a partner organisation or a student "
                    "initiative."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_online=True) | Q(campus__isnull=False),
                name="volunteering_opportunity_has_a_place",
                violation_error_message=_(
                    "Say where it happens: a campus city, or online."
                ),
            ),
            models.CheckConstraint(
                condition=Q(publish_from__isnull=True)
                | Q(publish_until__isnull=True)
                | Q(publish_from__lt=F("publish_until")),
                name="volunteering_opportunity_publish_window",
                violation_error_message=_(
                    "The publish window must start before it ends."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "campus"])]

    def get_absolute_url(self):
        return reverse("volunteering:opportunity", kwargs={"pk": self.pk})

    @property
    def requirements(self) -> str:
        return localized(self, "requirements")

    @property
    def organiser(self):
        return self.organisation if self.organisation_id else self.initiative

    @property
    def organiser_name(self) -> str:
        organiser = self.organiser
        return str(organiser) if organiser is not None else ""

    @property
    def place(self) -> str:
        if self.is_online:
            return str(_("Online"))
        city = self.campus.city if self.campus_id else ""
        return ", ".join(part for part in (self.address, city) if part)

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and (self.publish_from is None or self.publish_from <= now)
            and (self.publish_until is None or self.publish_until > now)
        )

    def propose(self, *, by) -> None:
        if self.status != self.Status.DRAFT:
            raise InvalidTransition(_("Only a draft can be proposed."))
        self.status = self.Status.PROPOSED
        self.proposed_by = by

    def publish(self, *, now=None) -> None:
        if self.status not in (self.Status.DRAFT, self.Status.PROPOSED):
            raise InvalidTransition(
                _("Only a draft or proposed opportunity can be published.")
            )
        if self.initiative_id and not self.initiative.is_approved:
            raise InvalidTransition(
                _("The initiative must be approved before it publishes opportunities.")
            )
        self.status = self.Status.PUBLISHED
        self.published_at = now or timezone.now()

    def close(self) -> None:
        if self.status != self.Status.PUBLISHED:
            raise InvalidTransition(_("Only a published opportunity can be closed."))
        self.status = self.Status.CLOSED

    def reopen_as_draft(self) -> None:
        if self.status not in (self.Status.PROPOSED, self.Status.CLOSED):
            raise InvalidTransition(
                _("Only a proposed or closed opportunity goes back to draft.")
            )
        self.status = self.Status.DRAFT


class ShiftRule(TimeStampedModel):
    """A weekly rule that generates the shifts of a recurring opportunity."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="rules",
        verbose_name=_("opportunity"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"), help_text=_("Brussels time."))
    end_time = models.TimeField(_("ends at"), help_text=_("Brussels time."))
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1)]
    )
    location_override = models.CharField(
        _("location (if not the usual)"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["opportunity", "weekday", "start_time"]
        verbose_name = _("weekly rule")
        verbose_name_plural = _("weekly rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="volunteering_rule_ends_after_start",
                violation_error_message=_("A shift must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="volunteering_rule_dates_in_order",
                violation_error_message=_("The last date cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="volunteering_rule_weekday",
            ),
        ]

    def __str__(self):
        return _("%(weekday)s %(start)s–%(end)s") % {
            "weekday": self.get_weekday_display(),
            "start": self.start_time.strftime("%H:%M"),
            "end": self.end_time.strftime("%H:%M"),
        }

    def dates(self, exceptions=frozenset()):
        """Every date of the rule, in order, except the `exceptions`."""
        day = self.starts_on + datetime.timedelta(
            days=(self.weekday - self.starts_on.weekday()) % 7
        )
        while day <= self.ends_on:
            if day not in exceptions:
                yield day
            day += datetime.timedelta(days=7)

    def times_on(self, day: datetime.date):
        """The shift's start and end on `day`: the same wall-clock time, in Brussels."""
        start = datetime.datetime.combine(day, self.start_time, tzinfo=BRUSSELS)
        end = datetime.datetime.combine(day, self.end_time, tzinfo=BRUSSELS)
        return start, end


class ShiftException(TimeStampedModel):
    """A date without shifts (a holiday, an exam week day) for one opportunity."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("opportunity"),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=150, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("date without shifts")
        verbose_name_plural = _("dates without shifts")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "date"],
                name="volunteering_one_exception_per_date",
                violation_error_message=_("This date is already excluded."),
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


class ShiftQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Shift.Status.SCHEDULED)

    def upcoming(self, now=None):
        return self.scheduled().filter(starts_at__gt=now or timezone.now())

    def with_free_places(self):
        return self.filter(places_taken__lt=F("capacity"))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for shift in objs:
            shift.localise()
        return super().bulk_create(objs, *args, **kwargs)


class Shift(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="shifts",
        verbose_name=_("opportunity"),
    )
    rule = models.ForeignKey(
        ShiftRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("weekly rule"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1)]
    )
    places_taken = models.PositiveSmallIntegerField(
        _("places taken"),
        default=0,
        editable=False,
        help_text=_("Confirmed, offered, attended and no-show sign-ups."),
    )
    last_sequence = models.PositiveIntegerField(default=0, editable=False)
    location_override = models.CharField(
        _("location (if not the usual)"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.CharField(
        _("cancellation reason"), max_length=200, blank=True
    )
    attendance_requested_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )
    # Brussels weekday (0 = Monday) and hour of the start, kept with `starts_at` so
    # that "Tuesday evenings" is a plain indexed filter on every database.
    local_weekday = models.PositiveSmallIntegerField(default=0, editable=False)
    local_hour = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="volunteering_shift_ends_after_start",
                violation_error_message=_("A shift must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")),
                name="volunteering_shift_not_overbooked",
                violation_error_message=_("More places are taken than the shift has."),
            ),
            models.UniqueConstraint(
                fields=["opportunity", "starts_at"],
                name="volunteering_one_shift_per_start",
                violation_error_message=_(
                    "This opportunity already has a shift starting then."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["local_weekday", "local_hour"]),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at, BRUSSELS)
        return f"{self.opportunity} · {local:%Y-%m-%d %H:%M}"

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def fill_rate(self) -> int:
        """Percentage of places taken (0–100)."""
        return round(100 * self.places_taken / self.capacity) if self.capacity else 0

    @property
    def duration_hours(self) -> Decimal:
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(HOURS)

    @property
    def location(self) -> str:
        return self.location_override or self.opportunity.place

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def localise(self) -> None:
        """Derive the Brussels weekday and hour from `starts_at`."""
        if self.starts_at is not None:
            local = self.starts_at.astimezone(BRUSSELS)
            self.local_weekday, self.local_hour = local.weekday(), local.hour

    def save(self, *args, **kwargs):
        self.localise()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "starts_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "local_weekday", "local_hour"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift must end after it starts.")})

    def cancel(self, *, reason: str, now=None) -> None:
        if self.is_cancelled:
            raise InvalidTransition(_("This shift is already cancelled."))
        if self.has_started(now):
            raise InvalidTransition(_("A shift that has started cannot be cancelled."))
        self.status = self.Status.CANCELLED
        self.cancellation_reason = reason

    def change_capacity(self, capacity: int) -> None:
        if capacity < 1:
            raise InvalidTransition(_("A shift needs at least one place."))
        if capacity < self.places_taken:
            raise InvalidTransition(
                _(
                    "%(taken)s places are taken: choose whose place to release "
                    "before cutting to %(capacity)s."
                )
                % {"taken": self.places_taken, "capacity": capacity}
            )
        self.capacity = capacity


# Sign-ups -----------------------------------------------------------------------


class SignUpQuerySet(models.QuerySet):
    def holding_a_place(self):
        return self.filter(status__in=SignUp.PLACE_HOLDING)

    def waitlisted(self):
        return self.filter(status=SignUp.Status.WAITLISTED).order_by("sequence")

    def active(self):
        """Sign-ups that still matter to the student: not cancelled or expired."""
        return self.exclude(status__in=[SignUp.Status.CANCELLED, SignUp.Status.EXPIRED])


class SignUp(TimeStampedModel):
    """A student's place (or place in line) on one shift."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Place offered")
        EXPIRED = "expired", _("Offer expired")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not show up")

    PLACE_HOLDING = (
        Status.CONFIRMED,
        Status.OFFERED,
        Status.ATTENDED,
        Status.NO_SHOW,
    )

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteering_signups",
        verbose_name=_("student"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    sequence = models.PositiveIntegerField(
        _("arrival"), help_text=_("Order of arrival on this shift: the waitlist order.")
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(
        _("offer expires at"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.CharField(
        _("cancellation reason"), max_length=200, blank=True
    )
    attendance_marked_at = models.DateTimeField(
        _("attendance marked at"), null=True, blank=True
    )
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance marked by"),
    )
    hours = models.DecimalField(
        _("hours credited"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["shift", "sequence"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "student"],
                name="volunteering_one_signup_per_student_and_shift",
                violation_error_message=_("You are already signed up for this shift."),
            ),
            models.UniqueConstraint(
                fields=["shift", "sequence"],
                name="volunteering_unique_arrival_per_shift",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="volunteering_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="volunteering_signup_hours_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "offer_expires_at"]),
            models.Index(fields=["student", "status"]),
        ]

    def __str__(self):
        return f"{self.student} · {self.shift}"

    @property
    def holds_place(self) -> bool:
        return self.status in self.PLACE_HOLDING

    @property
    def waitlist_position(self) -> int | None:
        """Annotated by selectors as `_waitlist_position` (1 = next in line)."""
        return getattr(self, "_waitlist_position", None)

    def cancellation_deadline(self, deadline: datetime.timedelta):
        return self.shift.starts_at - deadline

    def can_cancel(self, *, deadline: datetime.timedelta, now=None) -> bool:
        try:
            self._check_cancel(deadline=deadline, now=now or timezone.now())
        except InvalidTransition:
            return False
        return True

    def _check_cancel(self, *, deadline, now):
        if self.status in (self.Status.CANCELLED, self.Status.EXPIRED):
            raise InvalidTransition(_("This sign-up is already cancelled."))
        if self.status in (self.Status.ATTENDED, self.Status.NO_SHOW):
            raise InvalidTransition(
                _("Attendance is recorded: it cannot be cancelled.")
            )
        if self.shift.has_started(now):
            raise InvalidTransition(_("The shift has started."))
        if self.status == self.Status.CONFIRMED and now > self.cancellation_deadline(
            deadline
        ):
            local = timezone.localtime(self.cancellation_deadline(deadline), BRUSSELS)
            raise InvalidTransition(
                _(
                    "The cancellation deadline (%(deadline)s) has passed: please "
                    "contact the organiser."
                )
                % {"deadline": local.strftime("%d/%m/%Y %H:%M")}
            )

    def cancel(self, *, deadline: datetime.timedelta, now, reason: str = "") -> None:
        self._check_cancel(deadline=deadline, now=now)
        self.status = self.Status.CANCELLED
        self.cancelled_at = now
        self.cancellation_reason = reason
        self.offer_expires_at = None

    def release(self, *, now, reason: str) -> None:
        """A coordinator frees this place (capacity cut, shift cancelled)."""
        if self.status not in (
            self.Status.CONFIRMED,
            self.Status.OFFERED,
            self.Status.WAITLISTED,
        ):
            raise InvalidTransition(_("Only an open sign-up can be released."))
        self.status = self.Status.CANCELLED
        self.cancelled_at = now
        self.cancellation_reason = reason
        self.offer_expires_at = None

    def offer(self, *, now, expires_at) -> None:
        if self.status != self.Status.WAITLISTED:
            raise InvalidTransition(
                _("Only a waitlisted student can be offered a place.")
            )
        self.status = self.Status.OFFERED
        self.offered_at = now
        self.offer_expires_at = expires_at

    def accept_offer(self, *, now) -> None:
        if self.status == self.Status.CONFIRMED:
            raise InvalidTransition(_("You have already accepted this place."))
        if self.status != self.Status.OFFERED:
            raise InvalidTransition(_("There is no open offer for this sign-up."))
        if now >= self.offer_expires_at:
            raise InvalidTransition(
                _("This offer has expired; the place went to the next in line.")
            )
        self.status = self.Status.CONFIRMED
        self.confirmed_at = now
        self.offer_expires_at = None

    def expire_offer(self, *, now) -> None:
        if self.status != self.Status.OFFERED:
            raise InvalidTransition(_("There is no open offer for this sign-up."))
        if now < self.offer_expires_at:
            raise InvalidTransition(_("This offer is still open."))
        self.status = self.Status.EXPIRED
        self.cancelled_at = now

    def decline_offer(self, *, now) -> None:
        if self.status != self.Status.OFFERED:
            raise InvalidTransition(_("There is no open offer for this sign-up."))
        self.status = self.Status.CANCELLED
        self.cancelled_at = now
        self.cancellation_reason = str(_("Offer declined"))
        self.offer_expires_at = None

    def mark_attendance(self, *, attended: bool, now, by) -> None:
        if self.status not in (
            self.Status.CONFIRMED,
            self.Status.ATTENDED,
            self.Status.NO_SHOW,
        ):
            raise InvalidTransition(_("Only confirmed students can be marked present."))
        if not self.shift.has_started(now):
            raise InvalidTransition(
                _("Attendance can be marked once the shift has started.")
            )
        self.status = self.Status.ATTENDED if attended else self.Status.NO_SHOW
        self.hours = self.shift.duration_hours if attended else Decimal("0")
        self.attendance_marked_at = now
        self.attendance_marked_by = by


class HoursLogQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=HoursLog.Status.APPROVED)

    def pending(self):
        return self.filter(status=HoursLog.Status.SUBMITTED)


class HoursLog(PersonalDataMixin, TimeStampedModel):
    """Extra hours a student logs for an opportunity (preparation, extra visits)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteering_hours",
        verbose_name=_("student"),
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        related_name="hours_logs",
        verbose_name=_("opportunity"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.25")),
            MaxValueValidator(Decimal("16")),
        ],
    )
    description = models.CharField(_("what you did"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_name = models.CharField(
        _("decided by (name)"), max_length=150, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    objects = HoursLogQuerySet.as_manager()

    # What a student wrote and the name of whoever decided (from a signed link).
    personal_fields = ("description", "decided_by_name")
    personal_fields_by_link = {
        "student": ("description",),
        "decided_by": ("decided_by_name",),
    }

    class Meta:
        ordering = ["-date"]
        verbose_name = _("extra hours")
        verbose_name_plural = _("extra hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=16),
                name="volunteering_hours_between_0_and_16",
                violation_error_message=_(
                    "Log between a quarter of an hour and 16 hours."
                ),
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.opportunity} · {self.hours} h"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("You can only log hours already done.")})

    def approve(self, *, by, by_name: str, now) -> None:
        if self.status != self.Status.SUBMITTED:
            raise InvalidTransition(_("These hours have already been decided on."))
        self.status = self.Status.APPROVED
        self.decided_by, self.decided_by_name, self.decided_at = by, by_name, now

    def reject(self, *, by, by_name: str, now, note: str) -> None:
        if self.status != self.Status.SUBMITTED:
            raise InvalidTransition(_("These hours have already been decided on."))
        if not note.strip():
            raise InvalidTransition(_("Say why the hours are not approved."))
        self.status = self.Status.REJECTED
        self.decided_by, self.decided_by_name, self.decided_at = by, by_name, now
        self.decision_note = note


# The student's calendar and certificate -----------------------------------------


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(TimeStampedModel):
    """The secret address of a person's iCal feed; resetting it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_calendar_token
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("volunteering:calendar_feed", kwargs={"token": self.token})


# No 0/O/1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


class Certificate(PersonalDataMixin, TimeStampedModel):
    """An issued engagement certificate: what it said, frozen, for verification."""

    code = models.CharField(
        _("verification code"), max_length=14, unique=True, default=new_certificate_code
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="engagement_certificates",
        verbose_name=_("student"),
    )
    student_name = models.CharField(_("name on the certificate"), max_length=200)
    language = models.CharField(_("language"), max_length=2, default="nl")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    total_hours = models.DecimalField(_("total hours"), max_digits=7, decimal_places=2)
    items = models.JSONField(_("lines"), default=list)

    personal_fields = ("student_name",)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("engagement certificate")
        verbose_name_plural = _("engagement certificates")

    def __str__(self):
        return f"{self.code} · {self.student_name}"

    def get_verify_url(self):
        return reverse("volunteering:verify", kwargs={"code": self.code})
