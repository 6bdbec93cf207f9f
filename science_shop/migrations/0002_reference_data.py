from django.db import migrations


def load(apps, schema_editor):
    from science_shop import reference_data

    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("science_shop", "0001_initial"),
        ("university", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
