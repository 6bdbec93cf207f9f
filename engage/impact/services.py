"""Every write of the impact module: requesting a report PDF and making it."""

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from engage.core.audit import audit
from engage.core.exceptions import InvalidTransition
from engage.impact.models import ImpactReport

logger = logging.getLogger(__name__)


@transaction.atomic
def request_report(
    *,
    actor,
    academic_year,
    faculty=None,
    campus=None,
    organisation=None,
    language: str = "en",
) -> ImpactReport:
    """Queue an impact report PDF; the task worker makes it after commit."""
    from engage.impact.permissions import must_choose_faculty
    from engage.impact.tasks import generate_impact_report

    if faculty is None and must_choose_faculty(actor):
        raise InvalidTransition(_("Choose one of your faculties."))
    report = ImpactReport(
        academic_year=academic_year,
        faculty=faculty,
        campus=campus,
        organisation=organisation,
        language=language,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report.full_clean()
    report.save()
    audit(
        report,
        "impact.report.requested",
        actor=actor,
        data={
            "year": academic_year.label,
            "faculty": getattr(faculty, "code", None),
            "campus": getattr(campus, "code", None),
            "organisation": getattr(organisation, "pk", None),
            "language": language,
        },
    )
    transaction.on_commit(partial(generate_impact_report.enqueue, report_id=report.pk))
    return report


def _save(report, fields):
    report.full_clean()
    report.save(update_fields=[*fields, "updated_at"])


def make_report(*, report_id: int) -> ImpactReport:
    """Compute the figures and render the PDF of a queued report (the task's work).

    Running → ready with the file and its figures, or → failed with the reason; a
    report that is already finished is left as it is.
    """
    from engage.impact.metrics import compute_report
    from engage.impact.rendering import report_pdf

    with transaction.atomic():
        report = (
            ImpactReport.objects.select_for_update(of=("self",))
            .select_related("academic_year", "faculty", "campus", "organisation")
            .get(pk=report_id)
        )
        if report.status != ImpactReport.Status.QUEUED:
            return report
        report.start()
        _save(report, ["status", "started_at"])
    try:
        with translation.override(report.language):
            figures = compute_report(report.params())
            content = report_pdf(figures, language=report.language)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the report
        logger.exception("Impact report %s failed", report.pk)
        with transaction.atomic():
            report.fail(error=f"{type(exc).__name__}: {exc}")
            _save(report, ["status", "error", "finished_at"])
            audit(report, "impact.report.failed", data={"error": report.error})
        return report
    with transaction.atomic():
        report.file.save(report.filename, ContentFile(content), save=False)
        report.finish(figures=figures)
        _save(report, ["status", "file", "figures", "error", "finished_at"])
        audit(report, "impact.report.ready", data={"bytes": len(content)})
    return report
