"""Secret ballots, leader ratings and surveys on ``unionhome.answer_once``.

Participations keep the day only (from their old time); answers get the day and are ordered by
their random key; a ballot no longer names the voter (a vote by name stands on the participation);
a rating names its round; a portal vote's counts may be empty (withheld below the minimum).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

import unionhome.answer_once

PARTICIPATIONS = ("VoteCast", "RatingCast", "SurveyParticipation")
ANSWERS = ("Ballot", "Rating", "SurveyAnswer")


def forwards(apps, schema_editor):
    for name in PARTICIPATIONS:
        model = apps.get_model("democracy", name)
        for pk, at in model.objects.values_list("pk", "at"):
            model.objects.filter(pk=pk).update(answered_on=timezone.localdate(at))
    Leader = apps.get_model("democracy", "Leader")
    Rating = apps.get_model("democracy", "Rating")
    for leader_id, round_id in Leader.objects.values_list("pk", "round_id"):
        Rating.objects.filter(leader_id=leader_id).update(round_id=round_id)
    Ballot = apps.get_model("democracy", "Ballot")
    VoteCast = apps.get_model("democracy", "VoteCast")
    for resolution_id, representative_id, choice in Ballot.objects.filter(
        representative__isnull=False
    ).values_list("resolution_id", "representative_id", "choice"):
        VoteCast.objects.filter(resolution_id=resolution_id, representative_id=representative_id).update(
            choice=choice
        )


class Migration(migrations.Migration):
    dependencies = [
        ("democracy", "0002_proposal_workflow"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name.lower(),
                name="answered_on",
                field=models.DateField(
                    default=unionhome.answer_once.today, editable=False, verbose_name="day"
                ),
            )
            for name in PARTICIPATIONS + ANSWERS
        ],
        migrations.AddField(
            model_name="votecast",
            name="choice",
            field=models.CharField(blank=True, max_length=8, verbose_name="choice (vote by name)"),
        ),
        migrations.AddField(
            model_name="rating",
            name="round",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="democracy.evaluationround",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        *[migrations.RemoveField(model_name=name.lower(), name="at") for name in PARTICIPATIONS],
        migrations.RemoveField(model_name="ballot", name="representative"),
        migrations.AlterField(
            model_name="rating",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="democracy.evaluationround",
            ),
        ),
        *[
            migrations.AlterField(
                model_name="resolution",
                name=f"votes_{name}",
                field=models.PositiveIntegerField(blank=True, default=0, null=True, verbose_name=name),
            )
            for name in ("for", "against", "abstain")
        ],
        migrations.AlterModelOptions(
            name="ballot",
            options={"ordering": ["id"], "verbose_name": "ballot", "verbose_name_plural": "ballots"},
        ),
        migrations.AlterModelOptions(
            name="rating",
            options={"ordering": ["id"], "verbose_name": "rating", "verbose_name_plural": "ratings"},
        ),
        migrations.AlterModelOptions(
            name="surveyanswer",
            options={
                "ordering": ["id"],
                "verbose_name": "survey answer",
                "verbose_name_plural": "survey answers",
            },
        ),
    ]
