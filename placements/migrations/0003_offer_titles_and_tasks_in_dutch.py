from django.db import migrations, models


class Migration(migrations.Migration):
    """Offers get Dutch title and tasks; the existing texts become the English ones."""

    dependencies = [
        ("placements", "0002_prerequisites"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="offer",
            options={
                "ordering": ["organisation__name", "title_en"],
                "verbose_name": "placement offer",
                "verbose_name_plural": "placement offers",
            },
        ),
        migrations.RenameField(model_name="offer", old_name="title", new_name="title_en"),
        migrations.RenameField(model_name="offer", old_name="tasks", new_name="tasks_en"),
        migrations.AlterField(
            model_name="offer",
            name="title_en",
            field=models.CharField(max_length=200, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="offer",
            name="tasks_en",
            field=models.TextField(verbose_name="tasks (English)"),
        ),
        migrations.AddField(
            model_name="offer",
            name="title_nl",
            field=models.CharField(
                blank=True,
                help_text="Shown to Dutch readers; the English title when left empty.",
                max_length=200,
                verbose_name="title (Dutch)",
            ),
        ),
        migrations.AddField(
            model_name="offer",
            name="tasks_nl",
            field=models.TextField(
                blank=True,
                help_text="Shown to Dutch readers; the English tasks when left empty.",
                verbose_name="tasks (Dutch)",
            ),
        ),
    ]
