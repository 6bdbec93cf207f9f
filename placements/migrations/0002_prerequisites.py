from django.db import migrations


def load(apps, schema_editor):
    from placements.reference_data import load as load_prerequisites

    load_prerequisites(apps)


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
