import time

from django.core.management.base import BaseCommand

from engage.core.scheduler import enqueue_due, periodic_tasks


class Command(BaseCommand):
    help = (
        "Queue periodic tasks (reminders, waitlist expiries, clean-ups) when they are "
        "due. Runs forever; --once queues what is due and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument(
            "--interval",
            type=int,
            default=30,
            help="Seconds between checks (default 30).",
        )

    def handle(self, *args, once=False, interval=30, **options):
        for periodic in periodic_tasks():
            self.stdout.write(f"  {periodic.path} every {periodic.every}")
        while True:
            for path in enqueue_due():
                self.stdout.write(f"queued {path}")
            if once:
                return
            time.sleep(interval)
