from django.db import migrations
from django.db.models import Count, Q

FIELDS = ("workers", "members", "cards", "women", "regular", "dispatched", "migrant")


def fill(apps, schema_editor):
    """Count every unit's active roster once, so the counters start equal to the roster."""
    Worker = apps.get_model("branches", "Worker")
    UnitCounter = apps.get_model("branches", "UnitCounter")
    rows = (
        Worker.objects.filter(status="active")
        .order_by()
        .values("branch_id")
        .annotate(
            workers=Count("id"),
            members=Count("id", filter=Q(is_member=True)),
            cards=Count("id", filter=Q(is_member=True, card_issued=True)),
            women=Count("id", filter=Q(gender="F")),
            regular=Count("id", filter=Q(employment_type="regular")),
            dispatched=Count("id", filter=Q(employment_type="dispatched")),
            migrant=Count("id", filter=Q(employment_type="migrant")),
        )
    )
    UnitCounter.objects.all().delete()
    UnitCounter.objects.bulk_create([UnitCounter(**row) for row in rows], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0004_federations_and_unit_counters"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
