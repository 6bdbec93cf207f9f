"""Shared vocabularies: the UN's SDGs, target groups and themes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from engage.core.models import LocalizedNameMixin, TimeStampedModel


class SDG(LocalizedNameMixin, TimeStampedModel):
    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7, default="#000000")

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17),
                name="taxonomy_sdg_number_1_to_17",
            )
        ]

    def __str__(self):
        return f"SDG {self.number}: {self.name}"


class TargetGroup(LocalizedNameMixin, TimeStampedModel):
    """A group of people in a vulnerable situation that engagement serves."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Theme(LocalizedNameMixin, TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Language(LocalizedNameMixin, TimeStampedModel):
    """A language people work in: partners, placements, students, opportunities."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name_nl = models.CharField(_("name (Dutch)"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
