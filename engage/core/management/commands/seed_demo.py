import time

import factory.random
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from engage.core.management.commands.load_reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Create demo data for every module (idempotent: each module skips what "
        "exists). Uses the same factories as the tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, **options):
        load_reference_data()
        # Same data on every machine.
        factory.random.reseed_random("kuleuven-engage")
        for path in settings.ENGAGE_DEMO_SEEDERS:
            started = time.monotonic()
            with transaction.atomic():
                import_string(path)(stdout=self.stdout)
            self.stdout.write(f"    ({path}: {time.monotonic() - started:.1f}s)")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if not options["quiet_logins"]:
            from engage.accounts.demo import print_logins

            print_logins(self.stdout)
