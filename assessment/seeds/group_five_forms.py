"""篇一: the group's five forms (组织小家)."""

from __future__ import annotations

from .common import mine_standard

GROUP_FIVE_FORMS = mine_standard(
    code="seed1-group-five-forms",
    name="组织小家标准（五大形态）",
    level="small_home",
    title="model_small_home",
    description=(
        "依据篇一：组织小家坚持“民主、富裕、文明、温暖、安全”五大形态，建成民主和睦型、增效创收型、育人成才型、"
        "温暖互助型、安全幸福型小家。原文未规定分值，本系统每种形态20分，合计100分，达标线85分。"
    ),
    sections={
        "五大形态": [
            ("民主和睦型：以章治家，小家事务民主议定。", 20, "小家会议记录"),
            ("增效创收型：以勤建家，开展立功竞赛、双增双节活动。", 20, "竞赛记录"),
            ("育人成才型：以德育家，开展学习和岗位练兵。", 20, "学习记录"),
            ("温暖互助型：以情爱家，建立互助储金会，关心困难职工。", 20, "互助储金会账目"),
            ("安全幸福型：以严管家，学安全规程、反违章、查隐患。", 20, "安全活动记录"),
        ],
    },
)  # fmt: skip
