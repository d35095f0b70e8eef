"""Chart data for ``static/js/charts.js``: built in the view from the rows the page's table shows
(the same scoped selector), put in the page with ``json_script``; the table stays the accessible
alternative (docs/DEVELOPING.md)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def _number(value) -> float | None:
    return None if value is None else float(value) if isinstance(value, Decimal) else value


def bars(
    names: Sequence[str],
    series: Sequence[tuple[str, Sequence]],
    *,
    unit: str = "",
    stacked: bool = False,
    target=None,
) -> dict:
    """A bar chart: one bar per name for each (label, values) series; ``unit`` follows each value
    in the tooltip and the axis (元, 户, %). ``stacked``: the series share one bar per name (a
    value in one series and None in the others marks a bar: the ranking's vetoed totals);
    ``target``: a line across the chart at that value (a participation target)."""
    chart = {
        "kind": "bars",
        "names": [str(n) for n in names],
        "series": [{"name": str(label), "data": [_number(v) for v in values]} for label, values in series],
        "unit": str(unit),
    }
    if stacked:
        chart["stacked"] = True
    if target is not None:
        chart["target"] = _number(target)
    return chart


def percentages(values: Sequence) -> list[float | None]:
    """Fractions (0.9512) as percentages to one place (95.1), as the bars of a rate chart."""
    return [None if v is None else round(float(v) * 100, 1) for v in values]
