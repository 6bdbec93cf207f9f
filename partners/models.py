"""The partnership CRM: organisations, the people there, agreements and interactions."""

import contextlib
import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from engage.core.exceptions import InvalidTransition
from engage.core.models import PersonalDataMixin, TimeStampedModel, localized
from engage.core.storage import private_storage
from engage.core.uploads import DocumentValidator
from partners.duplicates import normalise_name, website_domain
from partners.enterprise_number import (
    format_enterprise_number,
    validate_enterprise_number,
)


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)

    def listed_publicly(self):
        """Active organisations that consented to the public directory."""
        return self.active().filter(public_listing_consent=True)

    def for_contact_user(self, user):
        """The organisations where `user` is an active contact (the partner portal)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(contacts__user=user, contacts__is_active=True).distinct()

    def with_valid_agreement(self, on: datetime.date | None = None):
        """Organisations with a signed agreement in force on `on` (default today)."""
        return self.filter(
            Exists(Agreement.objects.valid(on).filter(organisation=OuterRef("pk")))
        )

    def without_valid_agreement(self, on: datetime.date | None = None):
        return self.exclude(
            Exists(Agreement.objects.valid(on).filter(organisation=OuterRef("pk")))
        )


class Organisation(TimeStampedModel):
    class LegalForm(models.TextChoices):
        NONPROFIT = "vzw", _("Non-profit association (vzw/asbl)")
        INTERNATIONAL_NONPROFIT = "ivzw", _("International non-profit (ivzw)")
        FOUNDATION = "foundation", _("Foundation")
        PUBLIC_BODY = "public", _("Public body (municipality, OCMW/CPAS)")
        SCHOOL = "school", _("School")
        INFORMAL_GROUP = "informal", _("Informal group (feitelijke vereniging)")
        SOCIAL_PROFIT = "social_profit", _("Social-profit company")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        ENDED = "ended", _("Ended")

    class Level(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic")
        REGULAR = "regular", _("Regular")
        OCCASIONAL = "occasional", _("Occasional")

    name = models.CharField(_("name"), max_length=200)
    also_known_as = models.TextField(
        _("also known as"),
        blank=True,
        help_text=_("Other names, one per line (former names, abbreviations)."),
    )
    legal_form = models.CharField(
        _("legal form"),
        max_length=20,
        choices=LegalForm.choices,
        default=LegalForm.NONPROFIT,
    )
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=10,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_enterprise_number],
        help_text=_("KBO/BCE number, e.g. 0123.456.749."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup",
        blank=True,
        related_name="organisations",
        verbose_name=_("target groups"),
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SDG",
        blank=True,
        related_name="organisations",
        verbose_name=_("SDGs"),
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme",
        blank=True,
        related_name="organisations",
        verbose_name=_("themes"),
    )
    languages = models.ManyToManyField(
        "taxonomy.Language",
        blank=True,
        related_name="organisations",
        verbose_name=_("languages of work"),
    )
    nearest_campuses = models.ManyToManyField(
        "university.Campus",
        blank=True,
        related_name="organisations",
        verbose_name=_("nearest campuses"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROSPECT
    )
    level = models.CharField(
        _("partnership level"),
        max_length=12,
        choices=Level.choices,
        default=Level.OCCASIONAL,
    )
    account_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_organisations",
        verbose_name=_("account owner"),
    )
    public_listing_consent = models.BooleanField(
        _("may be listed publicly"), default=False
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_(
            "Created automatically (e.g. by a Science Shop submission): a coordinator "
            "should confirm it is not a duplicate."
        ),
    )

    # Keys for duplicate detection, kept in step with name and website by save().
    name_key = models.CharField(
        _("normalised name"), max_length=200, blank=True, editable=False, db_index=True
    )
    website_domain = models.CharField(
        _("website domain"), max_length=200, blank=True, editable=False, db_index=True
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(enterprise_number=""),
                name="partners_enterprise_number_not_blank",
            )
        ]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from partners.enterprise_number import normalise_enterprise_number

        if self.enterprise_number:
            # An invalid number is kept as typed: full_clean() reports it at the field.
            with contextlib.suppress(ValidationError):
                self.enterprise_number = normalise_enterprise_number(
                    self.enterprise_number
                )
        else:
            self.enterprise_number = None
        self.name_key = normalise_name(self.name)[:200]
        self.website_domain = website_domain(self.website)[:200]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_key", "website_domain"}
        super().save(*args, **kwargs)

    def clean(self):
        from partners.enterprise_number import normalise_enterprise_number

        if self.enterprise_number:
            self.enterprise_number = normalise_enterprise_number(self.enterprise_number)

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number or "")

    @property
    def aliases(self) -> list[str]:
        return [
            line.strip() for line in self.also_known_as.splitlines() if line.strip()
        ]

    def add_aliases(self, *names: str) -> None:
        """Remember other names (in memory): a former name, a merged duplicate's."""
        known = {n.casefold() for n in [self.name, *self.aliases]}
        aliases = self.aliases
        for name in names:
            name = (name or "").strip()
            if name and name.casefold() not in known:
                aliases.append(name)
                known.add(name.casefold())
        self.also_known_as = "\n".join(aliases)


class ContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Contact(PersonalDataMixin, TimeStampedModel):
    """A person at an organisation; may or may not have a partner-portal account."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("nl", _("Dutch")), ("en", _("English")), ("fr", _("French"))],
        default="nl",
    )
    is_primary = models.BooleanField(_("primary contact"), default=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick when the person has left.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_contacts",
        verbose_name=_("portal account"),
    )

    objects = ContactQuerySet.as_manager()

    personal_fields = ("first_name", "last_name", "email", "phone", "function")

    class Meta:
        ordering = ["-is_primary", "last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_primary=True, is_active=True),
                name="partners_one_primary_contact_per_organisation",
                violation_error_message=_(
                    "This organisation already has a primary contact."
                ),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def resolve_merge_clash(cls, rows, *, target) -> None:
        """A merged organisation's primary contact joins as an ordinary contact."""
        rows.update(is_primary=False)

    @property
    def email_language(self) -> str:
        """Engage writes in English or Dutch; French speakers get English."""
        return (
            self.preferred_language if self.preferred_language in ("nl", "en") else "en"
        )


def agreement_upload_path(instance, filename: str) -> str:
    """Signed agreements live under an unguessable name in private storage; only
    the admin serves them."""
    return f"partners/agreements/{uuid.uuid4().hex}.pdf"


AGREEMENT_MAX_BYTES = 10 * 1024 * 1024


class AgreementQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Signed agreements in force on `on` (default today)."""
        on = on or timezone.localdate()
        return self.filter(status=Agreement.Status.SIGNED, valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def expiring(self, within_days: int, on: datetime.date | None = None):
        """Signed agreements whose end falls in the next `within_days` days."""
        on = on or timezone.localdate()
        return self.filter(
            status=Agreement.Status.SIGNED,
            valid_until__gte=on,
            valid_until__lte=on + datetime.timedelta(days=within_days),
        )

    def past_end(self, on: datetime.date | None = None):
        """Signed agreements whose end date has passed: they should be expired."""
        on = on or timezone.localdate()
        return self.filter(status=Agreement.Status.SIGNED, valid_until__lt=on)


class Agreement(TimeStampedModel):
    """A written agreement with an organisation: draft → sent → signed → expired |
    terminated."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Framework partnership agreement")
        PLACEMENT_FRAMEWORK = "placement_framework", _("Placement framework")
        DATA_PROCESSING = "data_processing", _("Data-processing agreement")
        MOU = "mou", _("Memorandum of understanding")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        SIGNED = "signed", _("Signed")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_agreements",
        verbose_name=_("faculty"),
        help_text=_("Leave empty for an agreement with the whole university."),
    )
    course = models.CharField(
        _("course"),
        max_length=200,
        blank=True,
        help_text=_("Optional: the course (code and name) the agreement covers."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement without an end date."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_document = models.FileField(
        _("signed agreement (PDF)"),
        upload_to=agreement_upload_path,
        storage=private_storage,
        blank=True,
        validators=[DocumentValidator(allowed=("pdf",), max_bytes=AGREEMENT_MAX_BYTES)],
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    reminder_sent_for = models.DateField(
        _("renewal reminder sent for"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The end date the account owner was last reminded of."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="partners_agreement_ends_after_start",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="signed")
                | (Q(signed_on__isnull=False) & ~Q(signed_document="")),
                name="partners_signed_agreement_has_document",
                violation_error_message=_(
                    "A signed agreement needs its signed PDF and signing date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | ~Q(termination_reason=""),
                name="partners_terminated_agreement_has_reason",
                violation_error_message=_("Say why the agreement was terminated."),
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation}"

    @property
    def is_editable(self) -> bool:
        """Terms can change until the agreement is signed."""
        return self.status in (self.Status.DRAFT, self.Status.SENT)

    def is_valid_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.status == self.Status.SIGNED
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    def days_left(self, day: datetime.date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (day or timezone.localdate())).days

    # Guards: change the object in memory or raise InvalidTransition; never save.

    def send(self, *, on: datetime.date) -> None:
        if self.status != self.Status.DRAFT:
            raise InvalidTransition(_("Only a draft agreement can be sent."))
        self.status = self.Status.SENT
        self.sent_on = on

    def sign(self, *, on: datetime.date, today: datetime.date | None = None) -> None:
        today = today or timezone.localdate()
        if self.status not in (self.Status.DRAFT, self.Status.SENT):
            raise InvalidTransition(
                _("This agreement is %(status)s: it cannot be signed again.")
                % {"status": self.get_status_display().lower()}
            )
        if not self.signed_document:
            raise InvalidTransition(_("Upload the signed PDF to mark it as signed."))
        if on > today:
            raise InvalidTransition(_("The signing date cannot be in the future."))
        if self.valid_until and self.valid_until < today:
            raise InvalidTransition(
                _("This agreement ended on %(date)s: it can no longer be signed.")
                % {"date": self.valid_until}
            )
        self.status = self.Status.SIGNED
        self.signed_on = on

    def expire(self, *, today: datetime.date) -> None:
        if self.status != self.Status.SIGNED:
            raise InvalidTransition(_("Only a signed agreement can expire."))
        if self.valid_until is None or self.valid_until >= today:
            raise InvalidTransition(_("This agreement has not reached its end date."))
        self.status = self.Status.EXPIRED
        self.ended_on = self.valid_until

    def terminate(self, *, reason: str, on: datetime.date) -> None:
        if self.status != self.Status.SIGNED:
            raise InvalidTransition(_("Only a signed agreement can be terminated."))
        if not (reason or "").strip():
            raise InvalidTransition(_("Say why the agreement is terminated."))
        self.status = self.Status.TERMINATED
        self.termination_reason = reason.strip()
        self.ended_on = on


class InteractionQuerySet(models.QuerySet):
    def open_follow_ups(self):
        return self.filter(follow_up_date__isnull=False, follow_up_done_at__isnull=True)

    def follow_ups_due(self, user, *, within_days: int = 7, on=None):
        """`user`'s open follow-ups due by `on` + `within_days` (overdue included)."""
        on = on or timezone.localdate()
        return self.open_follow_ups().filter(
            follow_up_assignee=user,
            follow_up_date__lte=on + datetime.timedelta(days=within_days),
        )


class Interaction(TimeStampedModel):
    """A contact moment with an organisation, possibly with a follow-up to do."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        SITE_VISIT = "site_visit", _("Site visit")
        EVENT = "event", _("Event")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="interactions",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"))
    staff_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_interactions",
        verbose_name=_("staff participants"),
    )
    contacts = models.ManyToManyField(
        Contact,
        blank=True,
        related_name="interactions",
        verbose_name=_("contacts"),
    )
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_note = models.CharField(
        _("follow-up"),
        max_length=255,
        blank=True,
        help_text=_("What needs to be done, e.g. 'send the draft agreement'."),
    )
    follow_up_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_follow_ups",
        verbose_name=_("follow-up by"),
    )
    follow_up_done_at = models.DateTimeField(
        _("follow-up done at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
        editable=False,
    )

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    follow_up_date__isnull=True, follow_up_assignee__isnull=True
                )
                | Q(follow_up_date__isnull=False, follow_up_assignee__isnull=False),
                name="partners_follow_up_has_date_and_assignee",
                violation_error_message=_(
                    "A follow-up needs both a date and a person to do it."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["follow_up_assignee", "follow_up_date"],
                condition=Q(follow_up_done_at__isnull=True),
                name="partners_open_follow_ups",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}: {self.organisation}"

    @property
    def has_open_follow_up(self) -> bool:
        return self.follow_up_date is not None and self.follow_up_done_at is None

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        return self.has_open_follow_up and self.follow_up_date < (
            day or timezone.localdate()
        )

    def complete_follow_up(self, *, at) -> None:
        if self.follow_up_date is None:
            raise InvalidTransition(_("This interaction has no follow-up."))
        if self.follow_up_done_at is not None:
            raise InvalidTransition(_("This follow-up is already done."))
        self.follow_up_done_at = at


@register_setting(icon="group")
class PartnerSettings(BaseSiteSetting):
    """Values the office tunes for the partner CRM."""

    agreement_reminder_days = models.PositiveSmallIntegerField(
        _("renewal reminder (days before expiry)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "The account owner gets an email this many days before an agreement ends."
        ),
    )
    follow_up_horizon_days = models.PositiveSmallIntegerField(
        _("follow-ups shown ahead (days)"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "The dashboard lists overdue follow-ups and those due within this many "
            "days."
        ),
    )

    panels = [
        FieldPanel("agreement_reminder_days"),
        FieldPanel("follow_up_horizon_days"),
    ]

    class Meta:
        verbose_name = _("partner settings")

    @classmethod
    def current(cls) -> "PartnerSettings":
        """The settings of the default site (tasks and commands have no request)."""
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return cls(agreement_reminder_days=60, follow_up_horizon_days=7)
        return cls.for_site(site)
