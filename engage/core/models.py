"""Abstract models and field helpers every Engage module builds on."""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds created/updated timestamps; every domain model inherits it."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def current_language() -> str:
    return (get_language() or "en")[:2]


def localized(obj, field: str, language: str | None = None) -> str:
    """The `<field>_<lang>` value for the active language, falling back to English."""
    lang = (language or current_language())[:2]
    value = getattr(obj, f"{field}_{lang}", "") or ""
    return value or getattr(obj, f"{field}_en", "") or ""


class LocalizedNameMixin:
    """For models with `name_en` / `name_nl`: `.name` follows the active language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class PersonalDataMixin:
    """Declares which fields hold personal data (GDPR export and erasure).

    `personal_fields` lists the fields that identify a person; `anonymise()` blanks
    them in memory (the caller saves), keeping the row so aggregate figures stay right.
    """

    personal_fields: tuple[str, ...] = ()
    # When a row holds personal data of several people (a placement: the student's
    # signature and the mentor's), the fields that belong to the person linked by
    # each foreign key. A link not listed owns every personal field.
    personal_fields_by_link: dict[str, tuple[str, ...]] = {}

    def personal_data(self, link: str | None = None) -> dict:
        """The personal fields; with `link`, only those of the person it links."""
        names = self.personal_fields
        if link is not None:
            names = self.personal_fields_by_link.get(link, names)
        return {name: getattr(self, name) for name in names}

    def anonymise(self) -> None:
        for name in self.personal_fields:
            field = self._meta.get_field(name)
            if isinstance(field, models.EmailField) and (
                field.unique or not field.blank
            ):
                label = self._meta.label_lower.replace(".", "-")
                setattr(self, name, f"erased-{label}-{self.pk}@invalid.example")
            elif field.null:
                setattr(self, name, None)
            elif isinstance(field, models.JSONField):
                setattr(self, name, {} if isinstance(getattr(self, name), dict) else [])
            else:
                setattr(self, name, "")


class PeriodicTaskRun(models.Model):
    """When the scheduler last queued each periodic task (shared by every instance)."""

    name = models.CharField(_("task"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("last queued at"))

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")

    def __str__(self):
        return self.name


class RateLimitHit(models.Model):
    """One use of a rate-limited action by a key (an address, an email; hashed).

    Kept in the database so every web process counts the same uses; rows older than
    their scope's window are deleted as new ones arrive (engage.core.ratelimit).
    """

    scope = models.CharField(_("scope"), max_length=60)
    key_hash = models.CharField(_("key (hashed)"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rate limit hit")
        verbose_name_plural = _("rate limit hits")
        indexes = [
            models.Index(
                fields=["scope", "key_hash", "created_at"],
                name="core_ratelimit_scope_key",
            ),
            models.Index(fields=["scope", "created_at"], name="core_ratelimit_scope"),
        ]

    def __str__(self):
        return f"{self.scope} {self.key_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"
