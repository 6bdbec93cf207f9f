"""python manage.py import_partners FILE [--dry-run]: all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engage.core.tabular import ImportFailed
from partners.services import import_partners


class Command(BaseCommand):
    help = (
        "Import organisations (and a contact each) from a CSV (UTF-8, comma or "
        "semicolon) or XLSX file. If any row is bad, nothing is written, every bad "
        "row is listed and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would happen; write nothing",
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report = import_partners(
                source=path, filename=path.name, actor=None, dry_run=dry_run
            )
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            rows = ", ".join(str(r) for r in exc.bad_rows)
            raise CommandError(
                f"Nothing imported: {len(exc.bad_rows)} bad row(s) ({rows})."
            ) from exc
        for planned in report.plan.rows:
            self.write_row(planned)
        for row, warning in report.plan.warnings:
            self.stdout.write(f"Row {row}: warning: {warning}")
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.created} and "
                f"{'would update' if dry_run else 'updated'} {report.updated} "
                f"organisations from {path.name}."
            )
        )

    def write_row(self, planned):
        """The match and every change, as the admin preview shows them."""
        if planned.action == "create":
            self.stdout.write(f"Row {planned.row}: create “{planned.name}”")
        else:
            self.stdout.write(
                f"Row {planned.row}: update “{planned.organisation.name}” "
                f"({planned.match_text})"
            )
        for change in planned.changes:
            self.stdout.write(f"    {change.label}: “{change.old}” → “{change.new}”")
        for kept in planned.kept:
            self.stdout.write(
                f"    {kept.label} kept “{kept.old}” (file: “{kept.new}”, {kept.note})"
            )
        if planned.contact_action == "add":
            contact = planned.contact
            self.stdout.write(
                f"    adds contact {contact['first_name']} {contact['last_name']}"
            )
