"""Migration 0004 gives titles already recorded their period (the year of their assessment) and a
re-check date, then makes the basis, the period and the date required."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessment import services
from tests.assessment.conftest import small_spec

BEFORE = [("assessment", "0003_initial")]
AFTER = [("assessment", "0004_titles_filing_recheck")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_period_and_recheck_date_of_recorded_titles(world):
    std = services.standard_save(actor=world.users["district"], spec=small_spec())
    a = services.assessment_create(
        actor=world.users["admin"],
        branch=world.branch_a1,
        standard=std,
        period_kind="quarterly",
        year=2025,
        number=4,
    )
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old.get_model("assessment", "TitleAward").objects.create(
            branch_id=world.branch_a1.pk, title="model_small_home", level="enterprise",
            awarded_on=dt.date(2026, 1, 5), decided_by="甲企业工会", assessment_id=a.pk,
        )  # fmt: skip
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = MigrationExecutor(connection).loader.project_state(AFTER).apps
        title = new.get_model("assessment", "TitleAward").objects.get()
        assert (title.year, title.recheck_due, title.state) == (2025, dt.date(2026, 12, 31), "awarded")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
