# Written by hand: on PostgreSQL the database itself refuses two terms of one committee that
# share a day (the services check the same on every database). Needs the btree_gist extension.

from django.db import migrations

TERMS_NO_OVERLAP = (
    "ALTER TABLE branches_term ADD CONSTRAINT term_no_overlap EXCLUDE USING gist "
    "(committee_id WITH =, daterange(start, \"end\", '[]') WITH &&)"
)


def add_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(TERMS_NO_OVERLAP)


def drop_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE branches_term DROP CONSTRAINT IF EXISTS term_no_overlap")


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0002_initial'),
    ]

    operations = [
        migrations.RunPython(add_overlap_constraint, drop_overlap_constraint),
    ]
