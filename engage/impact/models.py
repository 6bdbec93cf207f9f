"""Generated impact reports: the parameters, the status of the background task and
the PDF it made (with the figures it was made from)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.exceptions import InvalidTransition
from engage.core.models import TimeStampedModel


def report_upload_to(instance, filename):
    return f"impact/reports/{timezone.now():%Y}/{filename}"


class ImpactReportQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(
            status__in=[ImpactReport.Status.QUEUED, ImpactReport.Status.RUNNING]
        )


class ImpactReport(TimeStampedModel):
    """An impact report PDF: queued → running → ready | failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        DUTCH = "nl", _("Dutch")

    FINAL_STATUSES = (Status.READY, Status.FAILED)

    academic_year = models.ForeignKey(
        "university.AcademicYear",
        on_delete=models.PROTECT,
        related_name="impact_reports",
        verbose_name=_("academic year"),
    )
    faculty = models.ForeignKey(
        "university.Faculty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impact_reports",
        verbose_name=_("faculty"),
    )
    campus = models.ForeignKey(
        "university.Campus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impact_reports",
        verbose_name=_("campus"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impact_reports",
        verbose_name=_("partner"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("made at"), null=True, blank=True)
    file = models.FileField(
        _("PDF"), upload_to=report_upload_to, blank=True, max_length=255
    )
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        help_text=_("The figures the PDF was made from (as in the JSON export)."),
    )
    error = models.TextField(_("error"), blank=True)

    objects = ImpactReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="impact_ready_report_has_file",
                violation_error_message=_("A ready report needs its PDF."),
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="impact_failed_report_has_error",
                violation_error_message=_("A failed report says why."),
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.academic_year.label} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        parts = [
            str(part)
            for part in (self.faculty, self.campus, self.organisation)
            if part is not None
        ]
        return ", ".join(parts) or str(_("Whole university"))

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES

    @property
    def filename(self) -> str:
        parts = ["impact", self.academic_year.label]
        if self.faculty_id:
            parts.append(self.faculty.code.lower())
        if self.campus_id:
            parts.append(self.campus.code.lower())
        if self.organisation_id:
            parts.append(f"partner-{self.organisation_id}")
        parts.append(self.language)
        return "-".join(parts) + ".pdf"

    def params(self, *, faculty_ids=None):
        from engage.impact.metrics import ReportParams

        return ReportParams(
            year=self.academic_year,
            faculty=self.faculty,
            campus=self.campus,
            organisation=self.organisation,
            faculty_ids=faculty_ids,
        )

    # Transitions (guards: change memory, never save).

    def start(self, *, now=None) -> None:
        if self.status != self.Status.QUEUED:
            raise InvalidTransition(_("Only a queued report can be started."))
        self.status = self.Status.RUNNING
        self.started_at = now or timezone.now()

    def finish(self, *, figures: dict, now=None) -> None:
        if self.status != self.Status.RUNNING:
            raise InvalidTransition(_("Only a report being made can be finished."))
        if not self.file:
            raise InvalidTransition(_("A ready report needs its PDF."))
        self.status = self.Status.READY
        self.figures = figures
        self.error = ""
        self.finished_at = now or timezone.now()

    def fail(self, *, error: str, now=None) -> None:
        if self.is_final:
            raise InvalidTransition(_("This report is already finished."))
        error = (error or "").strip()
        if not error:
            raise InvalidTransition(_("Say why the report failed."))
        self.status = self.Status.FAILED
        self.error = error
        self.finished_at = now or timezone.now()
