import json

from django.core.management.base import BaseCommand, CommandError

from engage.accounts.models import User
from engage.core.gdpr import erase_personal_data, export_personal_data


class Command(BaseCommand):
    help = "Export (default) or erase one person's personal data across every module."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--erase",
            action="store_true",
            help="Anonymise the person everywhere (cannot be undone).",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask to confirm.")

    def handle(self, email, erase=False, yes=False, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with email {email}.")
        if not erase:
            self.stdout.write(
                json.dumps(export_personal_data(user), indent=2, ensure_ascii=False)
            )
            return
        if not yes and input(f"Erase all personal data of {email}? [y/N] ") != "y":
            raise CommandError("Nothing erased.")
        counts = erase_personal_data(user=user, actor=None)
        self.stdout.write(
            f"Erased: account and {sum(counts.values())} linked records {counts}."
        )
