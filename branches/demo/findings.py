"""The demo's findings table: computed once all the demo data is in place (the last seeder), so
that the dashboards of large scopes have figures from the start (docs/SCALING.md, "Findings").
Seeding again computes them again and keeps that run alone, as the first seeding left it."""

from __future__ import annotations

from .. import services
from ..models import FindingRun
from .organisation import DemoContext


def seed(ctx: DemoContext) -> DemoContext:
    run = services.refresh_findings()
    if run is not None:
        FindingRun.objects.exclude(pk=run.pk).delete()
    return ctx
