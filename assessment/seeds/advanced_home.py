"""篇二: the standard of an advanced home (先进职工之家建设标准)."""

from __future__ import annotations

from .common import EFFECTIVE, FULL, MET, SEED2_VETOES, _also, _bind, _guided

# Version 1, as first installed.
FIRST_EDITION = {
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
    "items": _guided(
        FULL,
        {
            "政治与大局": [
                ("深入实践“三个代表”重要思想，贯彻党的路线方针政策，遵守法律制度，全力维护职工合法权益，职工队伍稳定且思想活跃。", 5, "学习记录、维权工作台账"),
                ("积极推进本单位班子建设，全心全意依靠职工办企业，确保企业改革、稳定和发展。", 5, "班子建设记录"),
            ],
            "民主管理": [
                ("坚持和完善以职工代表大会为基本形式的民主管理制度，落实职代会各项职权；坚持民主评议领导干部；坚持厂务公开制度。", 15, "职代会记录台账、民主评议结果、厂务公开记录", "congress_held"),
                ("建立平等协商和集体合同制度，建制率100%，合同履约率90%以上；劳动争议调解组织健全并积极开展工作。", 10, "集体合同文本、履约检查记录、调解台账", "contract_fulfilment_rate"),
            ],
            "建功立业": [
                ("群众经济技术创新工程和劳动保护工作扎实有效；开展职工培训、技术比武、合理化建议和劳动竞赛；女职工建功立业。", 10, "竞赛方案与考核、合理化建议台账、培训记录"),
            ],
            "帮扶送温暖": [
                ("扶贫帮困和送温暖工作规范化、制度化，困难职工基本生活有保障。", 10, "困难职工档案、帮扶记录", "hardship_files_kept"),
            ],
            "自身建设": [
                ("工会组织自身建设不断加强，职工入会率在95%以上；按时改选换届，同步组建工会委员会、经费审查委员会和女职工委员会。", 15, "会员名册、换届选举材料、委员会名单", "enrolment_rate"),
                ("工会财务工作制度完善，按时完成经费收缴上解任务，经费审查监督有效。", 10, "财务账册、上解凭证、经审报告", "funds_remitted"),
            ],
            "队伍与文化": [
                ("重视职工队伍建设，开展职工广泛参与的文化体育活动，促进职工收入逐年提高。", 8, "活动记录、照片"),
                ("女职工委员会组织健全、运作规范，巾帼建功活动有安排、有布置、有结果；重视家庭文化建设。", 7, "女工委员会名单、活动记录"),
            ],
            "稳定": [
                ("无非正常集体上访或越级上访事件。", 5, "信访台账", "abnormal_petitions", "有此类事件不得分，并一票否决。"),
            ],
        },
    ),
    "vetoes": SEED2_VETOES,
}  # fmt: skip

# Version 2: items bound to their indicators.
ADVANCED_HOME = _bind(
    FIRST_EDITION,
    {
        "坚持和完善以职工代表大会": ("congress_held", _also("disclosure_in_place")),
        "建立平等协商和集体合同制度": ("contract_fulfilment_rate", _also("collective_contract_in_force")),
        "扶贫帮困和送温暖": ("hardship_files_kept", MET),
        "工会组织自身建设": ("enrolment_rate", _also("committees_complete")),
        "工会财务工作制度完善": ("funds_remitted", MET),
        "无非正常集体上访": ("abnormal_petitions", MET),
    },
)
