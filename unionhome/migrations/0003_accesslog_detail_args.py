from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("unionhome", "0002_user_worker"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="detail_args",
            field=models.JSONField(blank=True, default=dict, verbose_name="detail values"),
        ),
    ]
