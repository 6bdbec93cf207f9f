from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from engage.accounts.roles import sync_role_permissions
from engage.taxonomy import reference_data as taxonomy_data
from engage.university import reference_data as university_data


def load_reference_data() -> None:
    """University structure, taxonomies, role permissions and the site skeleton."""
    from cms.setup import ensure_site

    with transaction.atomic():
        university_data.load(apps)
        taxonomy_data.load(apps)
        sync_role_permissions()
        ensure_site()


class Command(BaseCommand):
    help = (
        "Load (or update) KU Leuven reference data and the site skeleton. Idempotent."
    )

    def handle(self, *args, **options):
        load_reference_data()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
