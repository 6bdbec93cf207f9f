from django.db import migrations


def load(apps, schema_editor):
    from engage.taxonomy import reference_data

    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_language")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
