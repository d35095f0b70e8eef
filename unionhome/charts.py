"""Chart data for ``static/js/charts.js``: built in the view from the rows the page's table shows
(the same scoped selector), put in the page with ``json_script``; the table stays the accessible
alternative (docs/DEVELOPING.md)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def _number(value) -> float | None:
    return None if value is None else float(value) if isinstance(value, Decimal) else value


def bars(names: Sequence[str], series: Sequence[tuple[str, Sequence]], *, unit: str = "") -> dict:
    """A bar chart: one bar per name for each (label, values) series; ``unit`` follows each value
    in the tooltip and the axis (元, 户)."""
    return {
        "kind": "bars",
        "names": [str(n) for n in names],
        "series": [{"name": str(label), "data": [_number(v) for v in values]} for label, values in series],
        "unit": str(unit),
    }
