from django.core.management.base import BaseCommand

from engage.accounts.demo import print_logins


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        print_logins(self.stdout)
