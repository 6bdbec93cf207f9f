import json

from django.core.management.base import BaseCommand, CommandError

from engage.core.exceptions import InvalidTransition
from placements import services
from placements.models import Course


def find_course(code: str, year: str) -> Course:
    try:
        return Course.objects.select_related("academic_year").get(
            code__iexact=code, academic_year__label=year
        )
    except Course.DoesNotExist:
        raise CommandError(f"No course {code} in {year}.") from None


class Command(BaseCommand):
    help = (
        "Allocate a course's students to placement offers: as many placed as "
        "possible, then the lowest total rank. Preview by default; --commit "
        "creates the proposed placements in one transaction and closes the ranking "
        "(while ranking is still open, only with --before-deadline)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="Course code")
        parser.add_argument("--year", required=True, help="Academic year, YYYY-YYYY")
        parser.add_argument(
            "--commit", action="store_true", help="Create the proposed placements."
        )
        parser.add_argument(
            "--before-deadline",
            action="store_true",
            help=(
                "Commit although ranking is still open (before the deadline, or "
                "without one): students may still be ranking."
            ),
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        course = find_course(options["course"], options["year"])
        if options["commit"]:
            try:
                _run, data = services.commit_allocation(
                    course=course,
                    actor=None,
                    confirm_early=options["before_deadline"],
                )
            except services.EarlyAllocation as exc:
                raise CommandError(
                    f"{exc} Add --before-deadline to commit anyway."
                ) from exc
            except InvalidTransition as exc:
                raise CommandError(str(exc)) from exc
        else:
            data = services.preview_allocation(course)
            if "conflicts" in data:
                raise CommandError(
                    "The pins cannot all be honoured: " + "; ".join(data["conflicts"])
                )
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        summary = data["summary"]
        verb = "Proposed" if options["commit"] else "Would propose"
        self.stdout.write(
            f"{verb} {summary['placed']} placements for {course.code} "
            f"{course.academic_year.label}; {summary['unplaced']} unplaced."
        )
        for rank, count in summary["by_rank"].items():
            self.stdout.write(f"  choice {rank}: {count}")
        for item in data["unplaced"]:
            self.stdout.write(
                f"  unplaced: student {item['student']} ({item['reason']})"
            )
