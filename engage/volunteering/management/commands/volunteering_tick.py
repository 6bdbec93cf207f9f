"""Run KOTengage's clock-driven work: `manage.py volunteering_tick` every few minutes.

Expires waitlist offers (the place goes to the next in line), sends the reminders
due before shifts, and asks organisers to mark attendance once a shift has ended.
`--enqueue` hands the work to the task worker instead of running it here.
"""

from django.core.management.base import BaseCommand

from engage.volunteering import services
from engage.volunteering.tasks import run_periodic_work


class Command(BaseCommand):
    help = "Expire waitlist offers, send shift reminders, request attendance."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker instead of running it now.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = run_periodic_work.enqueue()
            self.stdout.write(f"Queued: {result.id}")
            return
        done = services.run_periodic_work()
        self.stdout.write(
            "Offers expired: {offers_expired}; reminders sent: {reminders_sent}; "
            "attendance requests: {attendance_requests}".format(**done)
        )
