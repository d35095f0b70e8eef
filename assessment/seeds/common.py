"""What every standard of the source plans shares: the date in force, the item rows, how an
indicator maps to points, the vetoes of 篇二, the guidance of 篇一 and the binding of items to their
indicators (version 2: docs/DOMAIN.md, "Assessment")."""

from __future__ import annotations

import datetime as dt

EFFECTIVE = dt.date(2024, 1, 1)


def _items(section: str, rows) -> list[dict]:
    """Rows of (text, points, evidence expected, indicator, guidance[, scoring])."""
    return [
        {"section": section, "text": row[0], "points": row[1], "evidence_expected": row[2], "indicator": row[3],
         "guidance": row[4], "scoring": row[5] if len(row) > 5 else {}}
        for row in rows
    ]  # fmt: skip


def _guided(guide: str, sections: dict) -> list[dict]:
    """The items of ``sections`` ({section: rows}), each row (text, points, evidence expected[,
    indicator[, guidance]]) scored by the officer under ``guide`` unless the row gives its own."""
    return [
        item
        for section, rows in sections.items()
        for item in _items(section, [(*row[:3], *(row[3:4] or [""]), *(row[4:5] or [guide])) for row in rows])
    ]


# How an indicator maps to points (rules.suggest): full points when met, otherwise 0.
MET = {"mode": "threshold"}


def _also(*keys: str) -> dict:
    """Full points only when the item's indicator and every one of ``keys`` are met."""
    return {"mode": "threshold", "also": list(keys)}


AUTO = "按实时指标计分：达到阈值得满分，未达到不得分；偏离建议得分须书面说明理由。"


# 篇二 §五.4: the six conditions that withdraw a unit's eligibility (一票否决)
SEED2_VETOES = [
    {"text": "（1）组织机构不健全", "indicator": "committees_complete"},
    {"text": "（1）职工入会率低于95%", "indicator": "enrolment_rate"},
    {"text": "（2）未建立职代会制度", "indicator": "congress_held"},
    {"text": "（2）未推行厂务公开制度", "indicator": "disclosure_in_place"},
    {"text": "（3）未建立平等协商集体合同制度", "indicator": "collective_contract_in_force"},
    {
        "text": "（4）分公司（社区）工会60%以上达不到模范职工小家标准",
        "indicator": "branches_below_small_home_share",
    },
    {"text": "（5）未完成工会经费上解任务", "indicator": "funds_remitted"},
    {"text": "（5）截留工会经费", "indicator": "funds_withheld"},
    {"text": "（6）发生非正常集体上访或越级上访事件", "indicator": "abnormal_petitions"},
]

FULL = "符合得满分；部分符合按程度酌情扣分；无相关台账不得分。"


def _bind(spec: dict, bindings: dict, **header) -> dict:
    """The spec with the items whose text starts with a key bound: (indicator, scoring)."""
    items = []
    for item in spec["items"]:
        found = next((b for prefix, b in bindings.items() if item["text"].startswith(prefix)), None)
        if found is not None:
            indicator, scoring = found
            item = {**item, "indicator": indicator, "scoring": scoring,
                    "guidance": AUTO if scoring else item["guidance"]}  # fmt: skip
        items.append(item)
    return {**spec, **header, "items": items}


_MINE_GUIDE = "符合得满分；部分符合按程度酌情扣分；须有台账或记录为据。"


def _mine_item(section: str, text: str, points: int, evidence: str, indicator: str = "", scoring=MET):
    """An item of 篇一: bound to an indicator, scored from it (``AUTO``); otherwise by the officer."""
    row = (
        (text, points, evidence, indicator, AUTO, scoring)
        if indicator
        else (text, points, evidence, "", _MINE_GUIDE)
    )
    return _items(section, [row])[0]


def mine_standard(*, code: str, name: str, level: str, title: str, description: str, sections: dict,
                  **header) -> dict:  # fmt: skip
    """A standard of 篇一 (issued by the mine's union, scored, pass mark 85) from its sections' rows
    of (text, points, evidence expected[, indicator[, scoring]]): an item bound to an indicator is
    scored from it, full points when met unless ``scoring`` says otherwise. ``header``: the plan's
    own targets and gates."""
    items = [_mine_item(section, *row) for section, rows in sections.items() for row in rows]
    return {"code": code, "name": name, "issuer": "××矿工会", "level": level, "title": title, "kind": "scored",
            "effective_date": EFFECTIVE, "pass_mark": 85, **header, "description": description, "items": items,
            "vetoes": []}  # fmt: skip
