"""Daily entry point for cron: remind owners of agreements ending soon."""

from django.core.management.base import BaseCommand

from partners.tasks import send_agreement_reminders


class Command(BaseCommand):
    help = (
        "Expire agreements past their end date and email each account owner once, "
        "N days before an agreement ends (N is the 'partner settings' site setting, "
        "default 60). Run daily, e.g. from cron; --enqueue hands it to the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the task for the background worker instead of running it now",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_agreement_reminders.enqueue()
            self.stdout.write(f"Queued agreement reminders (task {result.id}).")
            return
        sent = send_agreement_reminders.call()
        self.stdout.write(self.style.SUCCESS(f"{sent} agreement reminder(s) sent."))
