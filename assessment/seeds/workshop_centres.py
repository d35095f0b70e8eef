"""篇一: the workshop's five centres (车间工会之家)."""

from __future__ import annotations

from .common import _MINE_GUIDE, AUTO, EFFECTIVE, MET, _items

WORKSHOP_CENTRES = {
    "code": "seed1-workshop-centres",
    "name": "车间工会之家标准（五个中心）",
    "issuer": "××矿工会",
    "level": "small_home",
    "title": "model_small_home",
    "kind": "scored",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "description": (
        "依据篇一：车间工会之家建成学习型培训中心、民主管理中心、成本控制中心、安全维护中心、生活互助中心。"
        "原文未规定分值，本系统每个中心20分，合计100分，达标线85分。"
    ),
    "items": _items(
        "五个中心",
        [
            ("学习型培训中心：开展职工技能培训和岗位练兵。", 20, "培训记录", "", _MINE_GUIDE),
            ("民主管理中心：车间职工代表组会议每季召开一次，车间事务公开。", 20, "会议记录", "", _MINE_GUIDE),
            ("成本控制中心：开展“双增双节”、修旧利废活动。", 20, "活动记录", "", _MINE_GUIDE),
            ("安全维护中心：群监员上岗检查，每季有安全检查记录。", 20, "安全检查台账",
             "ledger_inspections_per_quarter", AUTO, MET),
            ("生活互助中心：建立大互助会，帮助困难职工解决燃眉之急。", 20, "互助会账目", "", _MINE_GUIDE),
        ],
    ),
    "vetoes": [],
}  # fmt: skip
