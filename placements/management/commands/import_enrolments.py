from django.core.management.base import BaseCommand, CommandError

from engage.core.tabular import ImportFailed, read_table
from placements import services
from placements.management.commands.allocate_placements import find_course


class Command(BaseCommand):
    help = (
        "Enrol students in a service-learning course from a CSV or XLSX file with "
        "columns student_number, first_name, last_name, email, programme. All rows "
        "or none; idempotent by student number. Existing accounts are never "
        "changed; rows for accounts that are not student accounts are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--course", required=True, help="Course code")
        parser.add_argument("--year", required=True, help="Academic year, YYYY-YYYY")

    def handle(self, *args, **options):
        course = find_course(options["course"], options["year"])
        try:
            table = read_table(options["file"])
            result = services.import_enrolments(course=course, table=table, actor=None)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {options['file']}") from exc
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nothing was imported: {len(failed.bad_rows)} bad row(s)."
            ) from failed
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {result.enrolled} enrolled "
                f"({result.created_students} new students), "
                f"{result.already_enrolled} already enrolled."
            )
        )
