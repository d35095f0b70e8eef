"""Member facts of the real-name registration (工会会员实名制管理): closed sets and labels."""

from __future__ import annotations

from .identity import normalise_code

# Closed sets as (code, standard Chinese label). Imports and forms map a label to its code with the
# functions below; the model choices (branches.models.Worker) use the same codes.


class ChoiceLabelError(ValueError):
    """A label that is not in a closed set; ``field`` names the set, ``value`` the label given."""

    def __init__(self, field: str, value: str):
        super().__init__(f"{field}: {value}")
        self.field = field
        self.value = value


# GB 3304-1991 《中国各民族名称的罗马字母拼写法和代码》: the 56 ethnic groups in the standard order.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = tuple(
    (f"{i:02d}", name)
    for i, name in enumerate(
        (
            "汉族",
            "蒙古族",
            "回族",
            "藏族",
            "维吾尔族",
            "苗族",
            "彝族",
            "壮族",
            "布依族",
            "朝鲜族",
            "满族",
            "侗族",
            "瑶族",
            "白族",
            "土家族",
            "哈尼族",
            "哈萨克族",
            "傣族",
            "黎族",
            "傈僳族",
            "佤族",
            "畲族",
            "高山族",
            "拉祜族",
            "水族",
            "东乡族",
            "纳西族",
            "景颇族",
            "柯尔克孜族",
            "土族",
            "达斡尔族",
            "仫佬族",
            "羌族",
            "布朗族",
            "撒拉族",
            "毛南族",
            "仡佬族",
            "锡伯族",
            "阿昌族",
            "普米族",
            "塔吉克族",
            "怒族",
            "乌孜别克族",
            "俄罗斯族",
            "鄂温克族",
            "德昂族",
            "保安族",
            "裕固族",
            "京族",
            "塔塔尔族",
            "独龙族",
            "鄂伦春族",
            "赫哲族",
            "门巴族",
            "珞巴族",
            "基诺族",
        ),  # fmt: skip
        start=1,
    )
)

# GB/T 4762-1984 《政治面貌代码》.
POLITICAL_STATUSES: tuple[tuple[str, str], ...] = (
    ("01", "中共党员"),
    ("02", "中共预备党员"),
    ("03", "共青团员"),
    ("04", "民革会员"),
    ("05", "民盟盟员"),
    ("06", "民建会员"),
    ("07", "民进会员"),
    ("08", "农工党党员"),
    ("09", "致公党党员"),
    ("10", "九三学社社员"),
    ("11", "台盟盟员"),
    ("12", "无党派人士"),
    ("13", "群众"),
)

# GB/T 4658-2006 《学历代码》 (the levels the member form asks for).
EDUCATION_LEVELS: tuple[tuple[str, str], ...] = (
    ("11", "博士研究生"),
    ("14", "硕士研究生"),
    ("20", "大学本科"),
    ("30", "大学专科"),
    ("40", "中等职业教育"),
    ("60", "普通高中"),
    ("70", "初中"),
    ("80", "小学"),
    ("90", "其他"),
)

# 户口性质: with the employment type it identifies migrant workers (农民工).
HOUSEHOLD_TYPES: tuple[tuple[str, str], ...] = (("urban", "城镇"), ("rural", "农村"))

# 会籍状态 of the real-name registration.
MEMBERSHIP_STATUSES: tuple[tuple[str, str], ...] = (
    ("normal", "正常"),
    ("transferred_out", "转出"),
    ("retained", "保留"),
    ("terminated", "终止"),
)

# Common other spellings seen in rosters, mapped to the standard label.
_ALIASES: dict[str, dict[str, str]] = {
    "political_status": {
        "中国共产党党员": "中共党员",
        "党员": "中共党员",
        "中国共产党预备党员": "中共预备党员",
        "预备党员": "中共预备党员",
        "中国共产主义青年团团员": "共青团员",
        "团员": "共青团员",
        "民革党员": "民革会员",
        "中国国民党革命委员会会员": "民革会员",
        "中国民主同盟盟员": "民盟盟员",
        "中国民主建国会会员": "民建会员",
        "中国民主促进会会员": "民进会员",
        "中国农工民主党党员": "农工党党员",
        "中国致公党党员": "致公党党员",
        "台湾民主自治同盟盟员": "台盟盟员",
        "无党派民主人士": "无党派人士",
    },  # fmt: skip
    "education": {
        "博士": "博士研究生",
        "硕士": "硕士研究生",
        "研究生": "硕士研究生",
        "本科": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "中专": "中等职业教育",
        "技校": "中等职业教育",
        "职高": "中等职业教育",
        "高中": "普通高中",
        "初中及以下": "初中",
        "小学及以下": "小学",
    },  # fmt: skip
    "household_type": {
        "城镇户口": "城镇",
        "非农业": "城镇",
        "非农业户口": "城镇",
        "城市": "城镇",
        "居民户口": "城镇",
        "农村户口": "农村",
        "农业": "农村",
        "农业户口": "农村",
    },  # fmt: skip
    "membership_status": {"已转出": "转出", "转出会籍": "转出", "保留会籍": "保留", "终止会籍": "终止"},
}

CLOSED_SETS: dict[str, tuple[tuple[str, str], ...]] = {
    "ethnic_group": ETHNIC_GROUPS,
    "political_status": POLITICAL_STATUSES,
    "education": EDUCATION_LEVELS,
    "household_type": HOUSEHOLD_TYPES,
    "membership_status": MEMBERSHIP_STATUSES,
}


def label_of(field: str, code: str) -> str:
    """The standard Chinese label of a code ("" for an empty or unknown code)."""
    return dict(CLOSED_SETS[field]).get(code, "")


def code_of(field: str, label: str | None) -> str:
    """Map a label (standard, a common alias, or the code itself) to its code; "" for an empty cell.

    Raises ChoiceLabelError for anything else. Full-width characters and spaces are folded first;
    an ethnic group may be given without the trailing 族 (汉 → 汉族).
    """
    value = normalise_code(label).replace(" ", "")
    if not value:
        return ""
    table = CLOSED_SETS[field]
    by_label = {name: code for code, name in table}
    if value in by_label:
        return by_label[value]
    if value in dict(table):
        return value
    alias = _ALIASES.get(field, {}).get(value)
    if alias:
        return by_label[alias]
    if field == "ethnic_group" and value + "族" in by_label:
        return by_label[value + "族"]
    raise ChoiceLabelError(field, value)


def ethnic_group_code(label: str | None) -> str:
    return code_of("ethnic_group", label)


def political_status_code(label: str | None) -> str:
    return code_of("political_status", label)


def education_code(label: str | None) -> str:
    return code_of("education", label)


def household_type_code(label: str | None) -> str:
    return code_of("household_type", label)


def membership_status_code(label: str | None) -> str:
    return code_of("membership_status", label)


def is_migrant_worker(*, household_type: str, employment_type: str) -> bool | None:
    """农民工: a rural household working as regular or dispatched labour; None when the household is unknown."""
    if employment_type == "migrant":
        return True
    if not household_type:
        return None
    return household_type == "rural"
