"""Background work of the impact module (run by the worker)."""

from django.tasks import task


@task()
def generate_impact_report(*, report_id: int) -> str:
    """Compute the figures and write the PDF of one requested report."""
    from engage.impact.services import make_report

    return make_report(report_id=report_id).status
