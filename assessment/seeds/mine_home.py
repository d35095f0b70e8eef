"""篇一: the mine's own standard (learning, protecting, serving homes)."""

from __future__ import annotations

from .common import _MINE_GUIDE, AUTO, EFFECTIVE, MET, _also, _items

MINE_HOME = {
    "code": "seed1-mine-home",
    "name": "矿职工之家建设标准（学习型、维护型、服务型）",
    "issuer": "××矿工会",
    "level": "home",
    "title": "model_home",
    "kind": "scored",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "targets": {"enrolment_rate": "0.99", "card_issuance_rate": "1"},
    "gates": [
        {"indicator": "enrolment_rate", "text": "职工入会率达99%以上（篇一（六）1）"},
        {"indicator": "card_issuance_rate", "text": "发证率100%（篇一（六）1）"},
    ],
    "description": (
        "依据篇一《××矿职工之家建设实施方案》：矿工会建成学习型、维护型、服务型职工之家，加强自身建设。"
        "原文未规定分值，本系统拟定：学习型30分、维护型35分、服务型20分、自身建设15分，合计100分，达标线85分。"
        "本方案自定的目标“职工入会率达99以上，发证率100”作为本标准的阈值和必须达到的条件。"
        "各分会每季自检自查，矿工会半年检查初评、全年总评。"
    ),
    "items": (
        _items(
            "学习型职工之家",
            [
                ("（一）1 按时完成各项经济技术指标和工作任务。", 5, "指标完成情况", "", _MINE_GUIDE),
                ("（一）2 开展“降成本”“增效益”建功立业竞赛，有方案、有考核、有效果。", 5, "竞赛方案与考核", "",
                 _MINE_GUIDE),
                ("（一）3 开展职工技能培训和岗位练兵，提高职工技术业务素质。", 8, "培训记录", "", _MINE_GUIDE),
                ("（一）4 实施群众经济技术创新工程，开展小改小革提合理化建议，报表及时、数据真实。", 7,
                 "合理化建议台账", "", _MINE_GUIDE),
                ("（五）2 开展群众喜闻乐见的文化、体育、娱乐活动。", 5, "文体活动台账",
                 "ledger_culture_participation", AUTO, MET),
            ],
        )
        + _items(
            "维护型职工之家",
            [
                ("（一）5 建立健全群监组织，组织群监员上岗检查，有活动安排和工作记录。", 5, "安全检查台账",
                 "ledger_inspections_per_quarter", AUTO, MET),
                ("（三）1 坚持健全和完善职代会制度，提高职代会质量。", 10, "职代会记录", "congress_held", AUTO, MET),
                ("（三）2 坚持职工代表培训制度。", 5, "代表培训台账", "ledger_training_hours_per_representative",
                 AUTO, MET),
                ("（三）3 坚持职代会民主评议领导干部制度。", 5, "民主评议结果", "", _MINE_GUIDE),
                ("（三）4 推行厂务公开民主议事制度。", 5, "公开记录", "disclosure_in_place", AUTO, MET),
                ("（二）在政治上、制度上、生活上保障职工的主人翁地位和合法权益。", 5, "维权工作台账", "",
                 _MINE_GUIDE),
            ],
        )
        + _items(
            "服务型职工之家",
            [
                ("（四）1 建立健全困难职工动态管理体系，层层建立困难职工档案。", 8, "困难职工档案",
                 "hardship_files_reviewed", AUTO, MET),
                ("（四）2 建立健全职工互助互济体系：车间大互助会、小家互助储金会。", 6, "互助会账目", "", _MINE_GUIDE),
                ("（四）3 党员干部保户扶贫，领导干部一包一。", 6, "结对帮扶台账", "ledger_pairings_visited", AUTO,
                 MET),
            ],
        )
        + _items(
            "自身建设",
            [
                ("（六）1 组织建设：“车间两长六大员”随缺随补，按时发展新会员，会员档案齐全，职工入会率达99%以上，"
                 "发证率100%。", 10, "会员名册、会员证发放登记", "enrolment_rate", AUTO,
                 _also("card_issuance_rate")),
                ("（六）2 制度建设：建立健全学习、培训、例会、评家制度；建家有规划，考核有细则。", 5, "制度汇编",
                 "", _MINE_GUIDE),
            ],
        )
    ),
    "vetoes": [],
}  # fmt: skip
