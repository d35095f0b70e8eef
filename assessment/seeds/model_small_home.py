"""篇二 §四: the five standards of a model small home (模范职工小家), a checklist."""

from __future__ import annotations

from .common import EFFECTIVE, FULL, MET, _bind, _guided

# Version 1, as first installed.
FIRST_EDITION = {
    "code": "seed2-model-small-home",
    "name": "模范职工小家标准",
    "issuer": "实业集团工会",
    "level": "small_home",
    "title": "model_small_home",
    "kind": "scored",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "description": (
        "依据《实业集团工会职工之家建设工作方案》第四部分五条标准。原文未规定分值，本系统每条20分，合计100分，"
        "达标线85分。分会每季度自查一次（篇一）；达到标准的由企业工会授予模范职工小家称号（篇二第六部分第3条）。"
    ),
    "items": _guided(
        FULL,
        {
            "模范职工小家": [
                ("工会组织及其领导班子健全，按时换届。", 20, "换届选举材料、委员名单", "committees_in_term"),
                ("重大事项经职工代表大会或职工大会讨论通过，工资分配、奖金发放等实行事务公开，职工满意率95%以上。", 20, "职工大会记录、公开记录、会员评家结果", "members_satisfaction_rate"),
                ("职工队伍和职工思想情绪稳定，无多数职工普遍不满意的不良事项。", 20, "思想动态分析记录"),
                ("建设学习型班组，开展职工思想、文化、科学和业务技术培训，职工综合素质有提高。", 20, "培训记录、学习台账"),
                ("无非正常集体上访或越级上访事件。", 20, "信访台账", "abnormal_petitions", "有此类事件不得分。"),
            ],
        },
    ),
    "vetoes": [],
}  # fmt: skip

# Version 2: items bound to their indicators.
MODEL_SMALL_HOME = _bind(
    FIRST_EDITION,
    {
        "工会组织及其领导班子健全": ("committees_in_term", MET),
        "重大事项经职工代表大会": ("workers_satisfaction_rate", MET),
        "无非正常集体上访": ("abnormal_petitions", MET),
    },
    kind="checklist",
    pass_mark=100,
    description=(
        "依据《实业集团工会职工之家建设工作方案》第四部分五条标准：五条须全部达到才是模范职工小家。"
        "每条20分，逐条检查，符合得20分、不符合不得分，达标线100分。第2条“职工满意率95%以上”按本分会自己的"
        "满意度测评计算，全体职工（不限会员）参加。分会每季度自查一次（篇一）；达到标准的由企业工会授予模范职工"
        "小家称号并报上级工会备案（篇二第六部分第3条）。"
    ),
)
