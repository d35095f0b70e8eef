"""The demo's findings table: computed once all the demo data is in place (the last seeder), so
that the dashboards of large scopes have figures from the start (docs/SCALING.md, "Findings")."""

from __future__ import annotations

from .. import services
from .organisation import DemoContext


def seed(ctx: DemoContext) -> DemoContext:
    services.refresh_findings()
    return ctx
