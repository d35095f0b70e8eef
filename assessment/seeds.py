"""The standards of the source documents, as plain data for ``services.standards_install``.

``FIRST_EDITIONS`` are the standards as first installed; ``STANDARDS`` the current editions, which
the install adds as new versions (docs/DOMAIN.md, "Assessment").

The source plans give no points per item; the split chosen here is stated in each description, and
officers of the district can change it (a change makes a new version).
"""

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

ADVANCED_HOME = {
    "code": "seed2-advanced-home",
    "name": "先进职工之家建设标准",
    "issuer": "实业集团工会",
    "level": "home",
    "title": "advanced_home",
    "kind": "scored",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "description": (
        "依据《实业集团工会职工之家建设工作方案》第三部分十一条标准和第五部分第4条六项否决条件。"
        "原文未规定各条分值，本系统按工作量拟定：民主管理15分、入会与组织建设15分、集体合同10分、"
        "经济技术创新10分、帮扶送温暖10分、财务10分、队伍建设8分、女职工7分、政治方向5分、班子建设5分、"
        "信访稳定5分，合计100分（百分制，第六部分第4条）；达标线85分。区总工会可调整分值，调整后生成新版本。"
    ),
    "items": (
        _items(
            "政治与大局",
            [
                (
                    "深入实践“三个代表”重要思想，贯彻党的路线方针政策，遵守法律制度，全力维护职工合法权益，职工队伍稳定且思想活跃。",
                    5,
                    "学习记录、维权工作台账",
                    "",
                    FULL,
                ),
                (
                    "积极推进本单位班子建设，全心全意依靠职工办企业，确保企业改革、稳定和发展。",
                    5,
                    "班子建设记录",
                    "",
                    FULL,
                ),
            ],
        )
        + _items(
            "民主管理",
            [
                (
                    "坚持和完善以职工代表大会为基本形式的民主管理制度，落实职代会各项职权；坚持民主评议领导干部；坚持厂务公开制度。",
                    15,
                    "职代会记录台账、民主评议结果、厂务公开记录",
                    "congress_held",
                    FULL,
                ),
                (
                    "建立平等协商和集体合同制度，建制率100%，合同履约率90%以上；劳动争议调解组织健全并积极开展工作。",
                    10,
                    "集体合同文本、履约检查记录、调解台账",
                    "contract_fulfilment_rate",
                    FULL,
                ),
            ],
        )
        + _items(
            "建功立业",
            [
                (
                    "群众经济技术创新工程和劳动保护工作扎实有效；开展职工培训、技术比武、合理化建议和劳动竞赛；女职工建功立业。",
                    10,
                    "竞赛方案与考核、合理化建议台账、培训记录",
                    "",
                    FULL,
                ),
            ],
        )
        + _items(
            "帮扶送温暖",
            [
                (
                    "扶贫帮困和送温暖工作规范化、制度化，困难职工基本生活有保障。",
                    10,
                    "困难职工档案、帮扶记录",
                    "hardship_files_kept",
                    FULL,
                ),
            ],
        )
        + _items(
            "自身建设",
            [
                (
                    "工会组织自身建设不断加强，职工入会率在95%以上；按时改选换届，同步组建工会委员会、经费审查委员会和女职工委员会。",
                    15,
                    "会员名册、换届选举材料、委员会名单",
                    "enrolment_rate",
                    FULL,
                ),
                (
                    "工会财务工作制度完善，按时完成经费收缴上解任务，经费审查监督有效。",
                    10,
                    "财务账册、上解凭证、经审报告",
                    "funds_remitted",
                    FULL,
                ),
            ],
        )
        + _items(
            "队伍与文化",
            [
                (
                    "重视职工队伍建设，开展职工广泛参与的文化体育活动，促进职工收入逐年提高。",
                    8,
                    "活动记录、照片",
                    "",
                    FULL,
                ),
                (
                    "女职工委员会组织健全、运作规范，巾帼建功活动有安排、有布置、有结果；重视家庭文化建设。",
                    7,
                    "女工委员会名单、活动记录",
                    "",
                    FULL,
                ),
            ],
        )
        + _items(
            "稳定",
            [
                (
                    "无非正常集体上访或越级上访事件。",
                    5,
                    "信访台账",
                    "abnormal_petitions",
                    "有此类事件不得分，并一票否决。",
                ),
            ],
        )
    ),
    "vetoes": SEED2_VETOES,
}

MODEL_SMALL_HOME = {
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
    "items": _items(
        "模范职工小家",
        [
            (
                "工会组织及其领导班子健全，按时换届。",
                20,
                "换届选举材料、委员名单",
                "committees_in_term",
                FULL,
            ),
            (
                "重大事项经职工代表大会或职工大会讨论通过，工资分配、奖金发放等实行事务公开，职工满意率95%以上。",
                20,
                "职工大会记录、公开记录、会员评家结果",
                "members_satisfaction_rate",
                FULL,
            ),
            (
                "职工队伍和职工思想情绪稳定，无多数职工普遍不满意的不良事项。",
                20,
                "思想动态分析记录",
                "",
                FULL,
            ),
            (
                "建设学习型班组，开展职工思想、文化、科学和业务技术培训，职工综合素质有提高。",
                20,
                "培训记录、学习台账",
                "",
                FULL,
            ),
            ("无非正常集体上访或越级上访事件。", 20, "信访台账", "abnormal_petitions", "有此类事件不得分。"),
        ],
    ),
    "vetoes": [],
}

FIVE_SHAPES = {
    "code": "seed5-five-shapes",
    "name": "“五型”模范职工之家标准（规范、和谐、温暖、平安、创新）",
    "issuer": "粮食工会联合会",
    "level": "home",
    "title": "model_home",
    "kind": "scored",
    "effective_date": EFFECTIVE,
    "pass_mark": 85,
    "description": (
        "依据篇五“五型职工之家”创建内容：规范、和谐、温暖、平安、创新各20分，合计100分，达标线85分；"
        "坚持会员评家，把职工和会员是否满意作为衡量建家成效的主要标准。原文未规定各项分值，本系统按内容拟定；"
        "否决项采用篇二第五部分第4条六项条件。区总工会可调整，调整后生成新版本。"
    ),
    "items": (
        _items(
            "规范",
            [
                (
                    "配备符合规定的工会领导班子，依法办理社会团体法人登记。",
                    4,
                    "法人登记证书、班子名单",
                    "",
                    FULL,
                ),
                ("分工会、工会小组健全。", 4, "组织机构图、委员会名单", "committees_complete", FULL),
                (
                    "有固定的办公场地和必要的办公设施、工会标牌、工会印章；有工会宣传园地。",
                    3,
                    "现场查看、照片",
                    "",
                    FULL,
                ),
                (
                    "有独立的工会经费银行账户并按财务制度规定单独建账核算。",
                    3,
                    "银行账户、账册",
                    "funds_remitted",
                    FULL,
                ),
                (
                    "会员（代表）大会、会员评家、干部培训、经费收缴管理使用等制度健全。",
                    3,
                    "制度汇编",
                    "",
                    FULL,
                ),
                ("工会工作台账、档案等资料健全并实现动态管理。", 3, "台账、档案", "", FULL),
            ],
        )
        + _items(
            "和谐",
            [
                (
                    "建立和完善以职工代表大会为基本形式的民主管理制度，保障职工民主参与、民主管理、民主监督的权利。",
                    8,
                    "职代会记录台账",
                    "congress_held",
                    FULL,
                ),
                ("建立局务公开制度，按要求对重要事项实施公开。", 7, "公开记录", "disclosure_in_place", FULL),
                (
                    "坚持会员评家，会员满意率高。",
                    5,
                    "会员评家问卷结果",
                    "members_satisfaction_rate",
                    "满意率95%以上得满分。",
                ),
            ],
        )
        + _items(
            "温暖",
            [
                ("建立和完善困难职工档案、帮扶制度。", 8, "困难职工档案", "hardship_files_kept", FULL),
                ("落实帮扶资金、帮扶项目。", 4, "帮扶资金账目", "", FULL),
                ("开展对职工生活后勤保障等多种形式服务。", 3, "服务记录", "", FULL),
                (
                    "加强职工文体活动阵地建设，组织职工开展丰富多彩的文体活动。",
                    5,
                    "活动场地、活动记录",
                    "",
                    FULL,
                ),
            ],
        )
        + _items(
            "平安",
            [
                ("健全安全防范责任制。", 7, "安全责任书、检查记录", "", FULL),
                ("落实职工休息休假权利，保障职工安全和健康权益。", 6, "休假记录", "", FULL),
                ("依法维护女职工特殊权益，做好女职工劳动保护工作。", 7, "女职工专项合同、保护记录", "", FULL),
            ],
        )
        + _items(
            "创新",
            [
                (
                    "组织开展劳动竞赛、合理化建议、技能比武等群众性创新活动，安排专项经费，职工参与率达75%以上。",
                    8,
                    "竞赛方案、参与名单",
                    "participation_rate",
                    FULL,
                ),
                (
                    "建立健全劳动模范、技能人才、创新成果表彰激励机制和管理台帐。",
                    6,
                    "表彰文件、台账",
                    "",
                    FULL,
                ),
                (
                    "健全职工教育培训机制，按规定提取、使用职工教育培训经费。",
                    6,
                    "培训经费账目、培训记录",
                    "",
                    FULL,
                ),
            ],
        )
    ),
    "vetoes": SEED2_VETOES,
}

_CHECK = "符合要求得该项全部分值，不符合不得分（检查表）。"

MANAGEMENT_CHECKLIST = {
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


# --- version 2: items bound to their indicators, the plans' own thresholds and gates -------------
# (docs/DOMAIN.md, "Assessment"). Installed as a new version of each standard: assessments made
# under version 1 keep it.


# The standards as first installed (version 1), kept so that every database holds the same versions.
FIRST_EDITIONS = [ADVANCED_HOME, MODEL_SMALL_HOME, FIVE_SHAPES, MANAGEMENT_CHECKLIST]


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


ADVANCED_HOME = _bind(
    ADVANCED_HOME,
    {
        "坚持和完善以职工代表大会": ("congress_held", _also("disclosure_in_place")),
        "建立平等协商和集体合同制度": ("contract_fulfilment_rate", _also("collective_contract_in_force")),
        "扶贫帮困和送温暖": ("hardship_files_kept", MET),
        "工会组织自身建设": ("enrolment_rate", _also("committees_complete")),
        "工会财务工作制度完善": ("funds_remitted", MET),
        "无非正常集体上访": ("abnormal_petitions", MET),
    },
)

MODEL_SMALL_HOME = _bind(
    MODEL_SMALL_HOME,
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

FIVE_SHAPES = _bind(
    FIVE_SHAPES,
    {
        "分工会、工会小组健全": ("committees_complete", MET),
        "有独立的工会经费银行账户": ("ledger_independent_account", MET),
        "建立和完善以职工代表大会": ("congress_held", MET),
        "建立局务公开制度": ("disclosure_in_place", MET),
        "坚持会员评家": ("members_satisfaction_rate", MET),
        "建立和完善困难职工档案": ("hardship_files_kept", MET),
        "组织开展劳动竞赛": ("participation_rate", MET),
    },
    gates=[
        {
            "indicator": "members_satisfaction_rate",
            "text": "会员评家满意率（篇五原则3：衡量建家成效的主要标准）",
        }
    ],
    description=FIVE_SHAPES["description"]
    + "会员评家满意率作为主要标准：须有一轮已结束且答卷足够的会员评家，满意率达95%，否则不能评为达标。",
)

MANAGEMENT_CHECKLIST = _bind(
    MANAGEMENT_CHECKLIST,
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

# --- 篇一: the mine's own standard, the workshop's five centres, the group's five forms ------------

_MINE_GUIDE = "符合得满分；部分符合按程度酌情扣分；须有台账或记录为据。"

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

STANDARDS = [
    ADVANCED_HOME,
    MODEL_SMALL_HOME,
    FIVE_SHAPES,
    MANAGEMENT_CHECKLIST,
    MINE_HOME,
    WORKSHOP_CENTRES,
    GROUP_FIVE_FORMS,
]
