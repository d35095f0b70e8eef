# The link from an account to its roster entry, in a migration of its own: the roster's app
# (settings.UNIONHOME_WORKER_MODEL) refers to the user model, so the two first migrations
# would otherwise depend on each other. The model is named through the setting, as
# AUTH_USER_MODEL is: the kernel names no app.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('unionhome', '0001_initial'),
        migrations.swappable_dependency(settings.UNIONHOME_WORKER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='worker',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='user', to=settings.UNIONHOME_WORKER_MODEL, verbose_name='worker'),
        ),
    ]
