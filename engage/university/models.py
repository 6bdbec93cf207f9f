"""KU Leuven's structure: faculties in three groups, campuses, programmes, years."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.models import LocalizedNameMixin, TimeStampedModel, localized


class Faculty(LocalizedNameMixin, TimeStampedModel):
    class Group(models.TextChoices):
        HUMANITIES = "hss", _("Humanities and Social Sciences")
        SCIENCE = "set", _("Science, Engineering and Technology")
        BIOMEDICAL = "bms", _("Biomedical Sciences")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    group = models.CharField(_("group"), max_length=3, choices=Group.choices)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")


class Campus(LocalizedNameMixin, TimeStampedModel):
    code = models.CharField(_("code"), max_length=12, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    city_en = models.CharField(_("city (English)"), max_length=100)
    city_nl = models.CharField(_("city (Dutch)"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")

    @property
    def city(self) -> str:
        return localized(self, "city")


class Programme(LocalizedNameMixin, TimeStampedModel):
    class Level(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        ADVANCED_MASTER = "advanced_master", _("Advanced master")
        TEACHER_TRAINING = "teacher_training", _("Teacher training")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    faculty = models.ForeignKey(
        Faculty,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("faculty"),
    )
    campuses = models.ManyToManyField(
        Campus, related_name="programmes", blank=True, verbose_name=_("campuses")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["faculty__sort_order", "level", "name_en"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class AcademicYearQuerySet(models.QuerySet):
    def current(self):
        """The year marked current, else the one containing today."""
        marked = self.filter(is_current=True).first()
        if marked:
            return marked
        return self.containing(timezone.localdate()).first()

    def containing(self, day: datetime.date):
        return self.filter(start_date__lte=day, end_date__gte=day)


LABEL_RE = re.compile(r"^(\d{4})-(\d{4})$")


class AcademicYear(TimeStampedModel):
    label = models.CharField(
        _("label"), max_length=9, unique=True, help_text=_("For example 2026-2027.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current year"), default=False)

    objects = AcademicYearQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="university_one_current_academic_year",
                violation_error_message=_("Only one academic year can be current."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__lt=models.F("end_date")),
                name="university_academic_year_starts_before_end",
                violation_error_message=_("The year must start before it ends."),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        match = LABEL_RE.match(self.label or "")
        if not match or int(match[2]) != int(match[1]) + 1:
            raise ValidationError(
                {"label": _("Use the form YYYY-YYYY with consecutive years.")}
            )

    @property
    def first_year(self) -> int:
        return int(self.label[:4])

    def next_label(self) -> str:
        return f"{self.first_year + 1}-{self.first_year + 2}"

    def previous_label(self) -> str:
        return f"{self.first_year - 1}-{self.first_year}"

    @classmethod
    def dates_for(cls, first_year: int) -> tuple[datetime.date, datetime.date]:
        """KU Leuven's academic year runs from mid-September to mid-September."""
        return datetime.date(first_year, 9, 14), datetime.date(first_year + 1, 9, 13)
