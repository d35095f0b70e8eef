"""Transfer steps become workflow records (unionhome.workflow.TransitionRecord): the comment is the
reason, each step names its action, and the actor's name is kept as text."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The one action of the table that leads from one state to another (asked→refused and
# claimed→refused are both "refuse"); a first step (no from state) by the state it opens.
ACTIONS = {
    ("asked", "requested"): "confirm",
    ("asked", "refused"): "refuse",
    ("asked", "cancelled"): "cancel",
    ("requested", "accepted"): "accept",
    ("requested", "refused"): "refuse",
    ("requested", "cancelled"): "cancel",
    ("claimed", "accepted"): "release",
    ("claimed", "refused"): "refuse",
    ("claimed", "cancelled"): "cancel",
    ("", "asked"): "ask",
    ("", "requested"): "start",
    ("", "claimed"): "claim",
}


def fill_actions(apps, schema_editor):
    TransferTransition = apps.get_model("branches", "TransferTransition")
    for (source, target), action in ACTIONS.items():
        TransferTransition.objects.filter(from_state=source, to_state=target).update(action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0002_term_no_overlap"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="transfertransition",
            options={
                "get_latest_by": ["at", "id"],
                "ordering": ["at", "id"],
                "verbose_name": "transfer step",
                "verbose_name_plural": "transfer steps",
            },
        ),
        migrations.RenameField(model_name="transfertransition", old_name="comment", new_name="reason"),
        migrations.AlterField(
            model_name="transfertransition",
            name="reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="transfertransition",
            name="action",
            field=models.CharField(default="", max_length=32, verbose_name="action"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="transfertransition",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="actor name"),
        ),
        migrations.AlterField(
            model_name="transfertransition",
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
            model_name="transfertransition",
            name="from_state",
            field=models.CharField(blank=True, max_length=32, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="transfertransition",
            name="to_state",
            field=models.CharField(max_length=32, verbose_name="to state"),
        ),
        migrations.RunPython(fill_actions, migrations.RunPython.noop),
    ]
