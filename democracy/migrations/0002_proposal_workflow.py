"""The proposal's transition records become ``unionhome.workflow.TransitionRecord`` rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("democracy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="proposaltransition", old_name="comment", new_name="reason"),
        migrations.AlterField(
            model_name="proposaltransition",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="proposaltransition",
            name="actor_name",
            field=models.CharField(blank=True, default="", max_length=150, verbose_name="actor name"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="proposaltransition",
            name="action",
            field=models.CharField(max_length=32, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="proposaltransition",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="proposaltransition",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="proposaltransition",
            name="from_state",
            field=models.CharField(blank=True, max_length=32, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="proposaltransition",
            name="to_state",
            field=models.CharField(max_length=32, verbose_name="to state"),
        ),
        migrations.AlterModelOptions(
            name="proposaltransition",
            options={
                "get_latest_by": ["at", "id"],
                "ordering": ["at", "id"],
                "verbose_name": "proposal transition",
                "verbose_name_plural": "proposal transitions",
            },
        ),
    ]
