"""The partnership CRM: organisations and the people Engage works with there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engage.core.models import PersonalDataMixin, TimeStampedModel, localized
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
        return self.filter(
            contacts__user=user, contacts__is_active=True
        ).distinct()


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
        _("legal form"), max_length=20, choices=LegalForm.choices,
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
        "taxonomy.TargetGroup", blank=True, related_name="organisations",
        verbose_name=_("target groups"),
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SDG", blank=True, related_name="organisations",
        verbose_name=_("SDGs"),
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="organisations",
        verbose_name=_("themes"),
    )
    languages = models.ManyToManyField(
        "taxonomy.Language", blank=True, related_name="organisations",
        verbose_name=_("languages of work"),
    )
    nearest_campuses = models.ManyToManyField(
        "university.Campus", blank=True, related_name="organisations",
        verbose_name=_("nearest campuses"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROSPECT
    )
    level = models.CharField(
        _("partnership level"), max_length=12, choices=Level.choices,
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
            try:
                self.enterprise_number = normalise_enterprise_number(
                    self.enterprise_number
                )
            except Exception:  # noqa: BLE001 - full_clean() reports it at the field
                pass
        else:
            self.enterprise_number = None
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
        return [line.strip() for line in self.also_known_as.splitlines() if line.strip()]


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

    @property
    def email_language(self) -> str:
        """Engage writes in English or Dutch; French speakers get English."""
        return self.preferred_language if self.preferred_language in ("nl", "en") else "en"
