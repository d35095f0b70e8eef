"""篇三 4.1: the management requirements of a home (检查表)."""

from __future__ import annotations

from .common import EFFECTIVE, MET, _also, _bind, _items

_CHECK = "符合要求得该项全部分值，不符合不得分（检查表）。"

# Version 1, as first installed.
FIRST_EDITION = {
    "code": "seed3-management-checklist",
    "name": "职工之家建设管理要求检查表",
    "issuer": "供电公司工会",
    "level": "home",
    "title": "model_home",
    "kind": "checklist",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "description": (
        "依据篇三《职工之家建设工作管理标准》第4部分“管理资料与要求”，逐条作为检查项，符合得该项全部分值，"
        "不符合不得分。原文未规定分值：4.1.1与4.1.2、4.1.3各项4分，4.1.4与4.1.5各项3分，4.1.6各项3.5分，合计100分，"
        "达标线85分。"
    ),
    "items": (
        _items(
            "4.1.1 促进生产经营",
            [
                ("4.1.1.1 深入开展岗位技能练兵，全面完成当年各项经济技术指标。", 4, "练兵记录", "", _CHECK),
                ("4.1.1.2 做好劳模、先进人物的评比选树和表彰奖励工作。", 4, "表彰文件", "", _CHECK),
                (
                    "4.1.1.3 健全三级工会劳动保护监督检查组织，配备专、兼职劳保监督检查人员。",
                    4,
                    "组织名单、检查记录",
                    "",
                    _CHECK,
                ),
            ],
        )
        + _items(
            "4.1.2 维护职工利益",
            [
                ("4.1.2.1 参与经营承包、工资调整、奖金分配等方案时发表意见。", 4, "会议记录", "", _CHECK),
                (
                    "4.1.2.2 群众来信来访或申诉处理及时，事事有回音，件件有着落。",
                    4,
                    "信访台账",
                    "proposals_answered_rate",
                    _CHECK,
                ),
                (
                    "4.1.2.3 开展群众性互助互济活动，职工特殊困难及时解决；搞好离退休职工服务。",
                    4,
                    "帮扶记录",
                    "hardship_files_kept",
                    _CHECK,
                ),
                (
                    "4.1.2.4 50名以上女职工的单位建立女职工委员会，3名以上建立女工小组，“五期”保护有措施、有效果。",
                    4,
                    "女工委员会名单、活动记录",
                    "",
                    _CHECK,
                ),
                ("4.1.2.5 协助企业行政办好群众福利事业。", 4, "福利工作记录", "", _CHECK),
            ],
        )
        + _items(
            "4.1.3 民主管理",
            [
                (
                    "4.1.3.1 三级民主管理网络：职代会每年一次，车间职工代表组会议每季一次，班组民主管理会每半年一次。",
                    4,
                    "会议记录",
                    "congress_held",
                    _CHECK,
                ),
                ("4.1.3.2 落实职代会五项职权，专门小组（委员会）活动正常。", 4, "职代会决议", "", _CHECK),
                ("4.1.3.3 建立联席会议、职工代表视察等多种形式的民主管理制度。", 4, "制度文件", "", _CHECK),
                (
                    "4.1.3.4 建立年度协商、签订集体合同制度。",
                    4,
                    "集体合同文本",
                    "collective_contract_in_force",
                    _CHECK,
                ),
                (
                    "4.1.3.5 推行局务公开，年度职工知情率达90%及以上，满意率达85%及以上。",
                    4,
                    "测评结果",
                    "disclosure_knowledge_rate",
                    _CHECK,
                ),
                ("4.1.3.6 坚持培训职代会代表制度。", 4, "培训记录", "", _CHECK),
                ("4.1.3.7 建立健全职代会的记录台帐，做到资料齐全。", 4, "职代会台账", "", _CHECK),
            ],
        )
        + _items(
            "4.1.4 教育职能",
            [
                (
                    "4.1.4.1 配合企业党政抓好职工思想政治教育和科学文化、技术业务培训。",
                    3,
                    "培训记录",
                    "",
                    _CHECK,
                ),
                ("4.1.4.2 建立职工思想政治工作制度，定期分析职工思想。", 3, "分析记录", "", _CHECK),
                (
                    "4.1.4.3 开展职业道德、职业纪律、职业职责、职业技能和社会公德教育。",
                    3,
                    "教育记录",
                    "",
                    _CHECK,
                ),
                ("4.1.4.4 建立业余兴趣小组，开展业余文化活动。", 3, "活动记录", "", _CHECK),
            ],
        )
        + _items(
            "4.1.5 组织制度",
            [
                (
                    "4.1.5.1 实行会员代表大会常任制，每年召开一次会议，审议当年“建家”计划。",
                    3,
                    "会议记录",
                    "",
                    _CHECK,
                ),
                ("4.1.5.2 健全工会民主议事制度，重要事项实行表决制。", 3, "议事记录", "", _CHECK),
                ("4.1.5.3 健全各项工作制度，人员分工明确，岗位职责清楚。", 3, "制度文件", "", _CHECK),
                ("4.1.5.4 加强工会财务建设和财产管理，帐物相符。", 3, "账册", "funds_remitted", _CHECK),
                (
                    "4.1.5.5 建立会员群众评议工会干部制度和每年一次的民主生活会制度。",
                    3,
                    "评议结果",
                    "",
                    _CHECK,
                ),
                ("4.1.5.6 建立工会信息工作制度。", 3, "信息简报", "", _CHECK),
                (
                    "4.1.5.7 抓好分会和工会小组的“建家”活动，建“小家”、保“大家”。",
                    3,
                    "小家建设记录",
                    "branches_below_small_home_share",
                    _CHECK,
                ),
            ],
        )
        + _items(
            "4.1.6 领导班子",
            [
                (
                    "4.1.6.1 工会三级组织健全，领导班子民主选举产生。",
                    3.5,
                    "选举材料",
                    "committees_complete",
                    _CHECK,
                ),
                (
                    "4.1.6.2 改善工作作风和工作方法，建立联系点，以点带面推进工作。",
                    3.5,
                    "联系点记录",
                    "",
                    _CHECK,
                ),
            ],
        )
    ),
    "vetoes": [],
}

# Version 2: items bound to their indicators.
MANAGEMENT_CHECKLIST = _bind(
    FIRST_EDITION,
    {
        "4.1.2.2": ("ledger_letters_answered_in_time", MET),
        "4.1.2.3": ("hardship_files_kept", MET),
        "4.1.3.1": ("congress_held", MET),
        "4.1.3.4": ("collective_contract_in_force", MET),
        "4.1.3.5": ("disclosure_knowledge_rate", _also("disclosure_satisfaction_rate")),
        "4.1.3.6": ("ledger_training_hours_per_representative", MET),
        "4.1.5.4": ("", {}),
        "4.1.5.7": ("branches_below_small_home_share", MET),
        "4.1.6.1": ("committees_complete", MET),
    },
)
