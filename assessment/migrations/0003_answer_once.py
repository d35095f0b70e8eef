"""The members' evaluation (会员评家) on ``unionhome.answer_once``.

A participation keeps the day only (from its old time). The answers move to a table under a random
key, in random order, so that their keys no longer run in step with the participations'; a new
table is needed because an integer key cannot be turned into a UUID in place on PostgreSQL.
"""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

import unionhome.answer_once

VERDICTS = [
    ("very_satisfied", "Very satisfied"),
    ("satisfied", "Satisfied"),
    ("basically", "Basically satisfied"),
    ("unsatisfied", "Not satisfied"),
]


def forwards(apps, schema_editor):
    Participation = apps.get_model("assessment", "Participation")
    for pk, at in Participation.objects.values_list("pk", "at"):
        Participation.objects.filter(pk=pk).update(answered_on=timezone.localdate(at))
    Old = apps.get_model("assessment", "EvaluationAnswer")
    New = apps.get_model("assessment", "AnonymousEvaluationAnswer")
    rows = list(Old.objects.values_list("round_id", "verdict", "comment"))
    random.SystemRandom().shuffle(rows)
    New.objects.bulk_create(
        [New(id=uuid.uuid4(), round_id=r, verdict=v, comment=c) for r, v, c in rows], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_workflow_engine"),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="answered_on",
            field=models.DateField(default=unionhome.answer_once.today, editable=False, verbose_name="day"),
        ),
        migrations.CreateModel(
            name="AnonymousEvaluationAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                (
                    "answered_on",
                    models.DateField(
                        default=unionhome.answer_once.today, editable=False, verbose_name="day"
                    ),
                ),
                ("verdict", models.CharField(choices=VERDICTS, max_length=16, verbose_name="verdict")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="assessment.evaluationround",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="participation", name="at"),
        migrations.DeleteModel(name="EvaluationAnswer"),
        migrations.RenameModel(old_name="AnonymousEvaluationAnswer", new_name="EvaluationAnswer"),
        migrations.AlterField(
            model_name="evaluationanswer",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="assessment.evaluationround",
            ),
        ),
        migrations.AlterModelOptions(
            name="evaluationanswer",
            options={
                "ordering": ["id"],
                "verbose_name": "evaluation answer",
                "verbose_name_plural": "evaluation answers",
            },
        ),
    ]
