"""篇一: the group's five forms (组织小家)."""

from __future__ import annotations

from .common import _MINE_GUIDE, EFFECTIVE, _items

GROUP_FIVE_FORMS = {
    "code": "seed1-group-five-forms",
    "name": "组织小家标准（五大形态）",
    "issuer": "××矿工会",
    "level": "small_home",
    "title": "model_small_home",
    "kind": "scored",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "description": (
        "依据篇一：组织小家坚持“民主、富裕、文明、温暖、安全”五大形态，建成民主和睦型、增效创收型、育人成才型、"
        "温暖互助型、安全幸福型小家。原文未规定分值，本系统每种形态20分，合计100分，达标线85分。"
    ),
    "items": _items(
        "五大形态",
        [
            ("民主和睦型：以章治家，小家事务民主议定。", 20, "小家会议记录", "", _MINE_GUIDE),
            ("增效创收型：以勤建家，开展立功竞赛、双增双节活动。", 20, "竞赛记录", "", _MINE_GUIDE),
            ("育人成才型：以德育家，开展学习和岗位练兵。", 20, "学习记录", "", _MINE_GUIDE),
            ("温暖互助型：以情爱家，建立互助储金会，关心困难职工。", 20, "互助储金会账目", "", _MINE_GUIDE),
            ("安全幸福型：以严管家，学安全规程、反违章、查隐患。", 20, "安全活动记录", "", _MINE_GUIDE),
        ],
    ),
    "vetoes": [],
}
