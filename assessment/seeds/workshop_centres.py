"""篇一: the workshop's five centres (车间工会之家)."""

from __future__ import annotations

from .common import mine_standard

WORKSHOP_CENTRES = mine_standard(
    code="seed1-workshop-centres",
    name="车间工会之家标准（五个中心）",
    level="small_home",
    title="model_small_home",
    description=(
        "依据篇一：车间工会之家建成学习型培训中心、民主管理中心、成本控制中心、安全维护中心、生活互助中心。"
        "原文未规定分值，本系统每个中心20分，合计100分，达标线85分。"
    ),
    sections={
        "五个中心": [
            ("学习型培训中心：开展职工技能培训和岗位练兵。", 20, "培训记录"),
            ("民主管理中心：车间职工代表组会议每季召开一次，车间事务公开。", 20, "会议记录"),
            ("成本控制中心：开展“双增双节”、修旧利废活动。", 20, "活动记录"),
            ("安全维护中心：群监员上岗检查，每季有安全检查记录。", 20, "安全检查台账", "ledger_inspections_per_quarter"),
            ("生活互助中心：建立大互助会，帮助困难职工解决燃眉之急。", 20, "互助会账目"),
        ],
    },
)  # fmt: skip
