# Merges the findings table and the list order indexes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0007_findings_table"),
        ("branches", "0008_transfer_list_order_index"),
    ]

    operations = []
