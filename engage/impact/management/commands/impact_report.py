"""`manage.py impact_report --year 2026-2027 [--faculty ARTS] --format pdf|json|xlsx
--output FILE`: the impact report from the command line, the same as in the admin."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from engage.impact.metrics import ReportParams, compute_report
from engage.impact.rendering import report_pdf
from engage.impact.tables import report_json, report_xlsx
from engage.university.models import AcademicYear, Campus, Faculty


class Command(BaseCommand):
    help = "Write the impact report of an academic year as PDF, JSON or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="For example 2026-2027.")
        parser.add_argument("--faculty", help="A faculty code, e.g. ARTS.")
        parser.add_argument("--campus", help="A campus code, e.g. LEU.")
        parser.add_argument("--partner", type=int, help="An organisation's id.")
        parser.add_argument(
            "--format", choices=["pdf", "json", "xlsx"], default="json", dest="fmt"
        )
        parser.add_argument("--language", choices=["en", "nl"], default="en")
        parser.add_argument(
            "--output", help="The file to write (JSON goes to standard output if none)."
        )

    def handle(
        self, *args, year, faculty, campus, partner, fmt, language, output, **options
    ):
        from partners.models import Organisation

        academic_year = AcademicYear.objects.filter(label=year).first()
        if academic_year is None:
            raise CommandError(f"There is no academic year {year!r} (use YYYY-YYYY).")
        params = {"year": academic_year}
        for key, model, value in (
            ("faculty", Faculty, faculty),
            ("campus", Campus, campus),
        ):
            if value:
                found = model.objects.filter(code__iexact=value).first()
                if found is None:
                    raise CommandError(f"There is no {key} with code {value!r}.")
                params[key] = found
        if partner:
            found = Organisation.objects.filter(pk=partner).first()
            if found is None:
                raise CommandError(f"There is no organisation with id {partner}.")
            params["organisation"] = found
        if fmt != "json" and not output:
            raise CommandError(f"Give --output FILE for the {fmt.upper()} report.")

        with translation.override(language):
            report = compute_report(ReportParams(**params))
            if fmt == "json":
                content = report_json(report).encode("utf-8")
            elif fmt == "xlsx":
                content = report_xlsx(report)
            else:
                content = report_pdf(report, language=language)
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(f"Wrote {output} ({len(content)} bytes).")
        else:
            self.stdout.write(content.decode("utf-8"))
