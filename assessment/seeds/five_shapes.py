"""篇五: the five shapes of a home (五型)."""

from __future__ import annotations

from .common import EFFECTIVE, FULL, MET, SEED2_VETOES, _bind, _guided

# Version 1, as first installed.
FIRST_EDITION = {
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
    "items": _guided(
        FULL,
        {
            "规范": [
                ("配备符合规定的工会领导班子，依法办理社会团体法人登记。", 4, "法人登记证书、班子名单"),
                ("分工会、工会小组健全。", 4, "组织机构图、委员会名单", "committees_complete"),
                ("有固定的办公场地和必要的办公设施、工会标牌、工会印章；有工会宣传园地。", 3, "现场查看、照片"),
                ("有独立的工会经费银行账户并按财务制度规定单独建账核算。", 3, "银行账户、账册", "funds_remitted"),
                ("会员（代表）大会、会员评家、干部培训、经费收缴管理使用等制度健全。", 3, "制度汇编"),
                ("工会工作台账、档案等资料健全并实现动态管理。", 3, "台账、档案"),
            ],
            "和谐": [
                ("建立和完善以职工代表大会为基本形式的民主管理制度，保障职工民主参与、民主管理、民主监督的权利。", 8, "职代会记录台账", "congress_held"),
                ("建立局务公开制度，按要求对重要事项实施公开。", 7, "公开记录", "disclosure_in_place"),
                ("坚持会员评家，会员满意率高。", 5, "会员评家问卷结果", "members_satisfaction_rate", "满意率95%以上得满分。"),
            ],
            "温暖": [
                ("建立和完善困难职工档案、帮扶制度。", 8, "困难职工档案", "hardship_files_kept"),
                ("落实帮扶资金、帮扶项目。", 4, "帮扶资金账目"),
                ("开展对职工生活后勤保障等多种形式服务。", 3, "服务记录"),
                ("加强职工文体活动阵地建设，组织职工开展丰富多彩的文体活动。", 5, "活动场地、活动记录"),
            ],
            "平安": [
                ("健全安全防范责任制。", 7, "安全责任书、检查记录"),
                ("落实职工休息休假权利，保障职工安全和健康权益。", 6, "休假记录"),
                ("依法维护女职工特殊权益，做好女职工劳动保护工作。", 7, "女职工专项合同、保护记录"),
            ],
            "创新": [
                ("组织开展劳动竞赛、合理化建议、技能比武等群众性创新活动，安排专项经费，职工参与率达75%以上。", 8, "竞赛方案、参与名单", "participation_rate"),
                ("建立健全劳动模范、技能人才、创新成果表彰激励机制和管理台帐。", 6, "表彰文件、台账"),
                ("健全职工教育培训机制，按规定提取、使用职工教育培训经费。", 6, "培训经费账目、培训记录"),
            ],
        },
    ),
    "vetoes": SEED2_VETOES,
}  # fmt: skip

# Version 2: items bound to their indicators.
FIVE_SHAPES = _bind(
    FIRST_EDITION,
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
    description=FIRST_EDITION["description"]
    + "会员评家满意率作为主要标准：须有一轮已结束且答卷足够的会员评家，满意率达95%，否则不能评为达标。",
)
