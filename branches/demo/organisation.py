"""Demo data: a city federation over two districts; the first district holds three enterprises,
~12 branches, ~30 groups, ~3,000 workers; the second holds one small enterprise.

Deterministic (a fixed random seed) and idempotent: running it again finds everything in place
and changes nothing. Called by ``manage.py seed_demo`` together with the other apps' demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from unionhome import audit
from unionhome.models import User

from .. import counters, rules
from ..models import Appointment, Branch, Worker

DEMO_PASSWORD = "unionhome-demo"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣海峰建国庆志新东文亮成"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华玲桂兰萍红燕琳雪梅颖倩婷晶慧莉琴云洁佳欣月红丹蕾菲"
REGIONS = ("140105", "140106", "140202", "140303", "140421", "140525", "140602", "141002", "130102", "410105")

TREE = {
    "code": "D01", "name": "城东区总工会", "kind": "district", "children": [
        {"code": "E01", "name": "东山煤矿工会", "kind": "enterprise", "workers": 1500, "enrol": 0.975, "cards": 0.96,
         "women": 0.08, "children": [
            ("E01-B01", "综采一队分会", 3), ("E01-B02", "掘进二队分会", 3), ("E01-B03", "机电队分会", 3),
            ("E01-B04", "运输队分会", 2), ("E01-B05", "通风队分会", 2)]},
        {"code": "E02", "name": "城东供电公司工会", "kind": "enterprise", "workers": 1000, "enrol": 0.93, "cards": 0.99,
         "women": 0.32, "children": [
            ("E02-B01", "变电运维分会", 3), ("E02-B02", "配电运检分会", 3), ("E02-B03", "营销服务分会", 3),
            ("E02-B04", "调度控制分会", 2)]},
        {"code": "E03", "name": "城东区粮食局工会", "kind": "enterprise", "workers": 500, "enrol": 0.985, "cards": 1.0,
         "women": 0.45, "children": [
            ("E03-B01", "储备库分会", 3), ("E03-B02", "机关分会", 2), ("E03-B03", "质检中心分会", 2)]},
    ],
}  # fmt: skip
# The city federation above the district, and the city's second, small district.
CITY = {"code": "C01", "name": "龙城市总工会", "kind": "city"}
SECOND_DISTRICT = {
    "code": "D02", "name": "城西区总工会", "kind": "district", "children": [
        {"code": "E04", "name": "城西水务公司工会", "kind": "enterprise", "workers": 60, "enrol": 0.9, "cards": 0.9,
         "women": 0.3, "children": [("E04-B01", "供水运行分会", 1)]},
    ],
}  # fmt: skip
GROUP_NAMES = ("一班工会小组", "二班工会小组", "三班工会小组")

# The portal's demo worker: a member of the coal mine's first branch.
DEMO_WORKER = {"name": "李明", "gender": "M", "id_number": "14010519850315201X"}


@dataclass
class DemoContext:
    """What the organisation demo made, for the other apps' demo data to build on."""

    district: Branch
    city: Branch | None = None
    second_district: Branch | None = None
    enterprises: dict[str, Branch] = field(default_factory=dict)
    branches: dict[str, Branch] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    created: int = 0


def make_id_number(rnd: random.Random, gender: str, born: dt.date) -> str:
    seq = rnd.randint(0, 99)
    sex_digit = rnd.choice("13579" if gender == "M" else "02468")
    first17 = f"{rnd.choice(REGIONS)}{born:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + rules.id_check_character(first17)


def _node(parent: Branch | None, code: str, name: str, kind: str) -> tuple[Branch, bool]:
    existing = Branch.objects.filter(code=code).first()
    if existing:
        return existing, False
    node = Branch(code=code, name=name, kind=kind)
    node = (
        Branch.objects.add_root(instance=node)
        if parent is None
        else Branch.objects.add_child(parent, instance=node)
    )
    return node, True


def _worker_rows(
    rnd: random.Random, spec: dict, units: list[Branch], taken: set[str], cards: list[int]
) -> list[Worker]:
    rows = []
    for _i in range(spec["workers"]):
        gender = "F" if rnd.random() < spec["women"] else "M"
        born = dt.date(rnd.randint(1966, 2003), rnd.randint(1, 12), rnd.randint(1, 28))
        number = make_id_number(rnd, gender, born)
        while number in taken:
            number = make_id_number(rnd, gender, born)
        taken.add(number)
        name = rnd.choice(SURNAMES) + "".join(
            rnd.choice(GIVEN_FEMALE if gender == "F" else GIVEN_MALE) for _ in range(rnd.choice((1, 2, 2)))
        )
        hired = dt.date(max(born.year + 18, rnd.randint(1990, 2025)), rnd.randint(1, 12), rnd.randint(1, 28))
        employment = rnd.choices(
            [Worker.EmploymentType.REGULAR, Worker.EmploymentType.DISPATCHED, Worker.EmploymentType.MIGRANT],
            [75, 15, 10],
        )[0]
        member = rnd.random() < spec["enrol"]
        card = member and rnd.random() < spec["cards"]
        card_number = ""
        if card:
            cards[0] += 1
            card_number = f"{spec['code']}{cards[0]:07d}"
        rows.append(
            Worker(
                name=name,
                gender=gender,
                id_number=number,
                phone=f"13{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}",
                employment_type=employment,
                branch=rnd.choice(units),
                hire_date=hired,
                is_member=member,
                member_since=(hired + dt.timedelta(days=rnd.randint(30, 400))) if member else None,
                card_number=card_number,
                card_issued=card,
            )  # fmt: skip
        )
    return rows


def _user(
    username: str, *, superuser: bool = False, first_name: str = "", worker: Worker | None = None
) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user:
        return user, False
    if superuser:
        user = User.objects.create_superuser(
            username=username, password=DEMO_PASSWORD, email=f"{username}@example.invalid"
        )
    else:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, first_name=first_name, worker=worker
        )
    return user, True


def _appoint(user: User, branch: Branch, role: str, *, full_ids: bool = False) -> bool:
    _obj, created = Appointment.objects.get_or_create(
        user=user, branch=branch, role=role,
        defaults={"start": dt.date(2024, 1, 1), "full_id_access": full_ids},
    )  # fmt: skip
    return created


def _city_and_districts() -> tuple[Branch, Branch, Branch, int]:
    """The city federation with the first district under it (moved there if it stood alone)."""
    city, created = _node(None, CITY["code"], CITY["name"], CITY["kind"])
    district, made = _node(city, TREE["code"], TREE["name"], TREE["kind"])
    created += made
    if not district.path.startswith(city.path) or district.depth != city.depth + 1:
        district.move(city, "sorted-child")
        district.refresh_from_db()
    second, made = _node(city, SECOND_DISTRICT["code"], SECOND_DISTRICT["name"], SECOND_DISTRICT["kind"])
    return city, district, second, created + made


@transaction.atomic
def seed() -> DemoContext:
    rnd = random.Random(20261126)  # noqa: S311 - demo data, not security
    city, district, second, created = _city_and_districts()
    ctx = DemoContext(district=district, city=city, second_district=second, created=int(created))
    taken = set(Worker.objects.values_list("id_number", flat=True))
    taken.add(DEMO_WORKER["id_number"])
    new_workers: list[Worker] = []
    for parent, spec in [(district, s) for s in TREE["children"]] + [
        (second, s) for s in SECOND_DISTRICT["children"]
    ]:
        enterprise, created = _node(parent, spec["code"], spec["name"], spec["kind"])
        ctx.created += created
        ctx.enterprises[spec["code"]] = enterprise
        units: list[Branch] = []
        for code, name, groups in spec["children"]:
            branch, created = _node(enterprise, code, name, "branch")
            ctx.created += created
            ctx.branches[code] = branch
            units.append(branch)
            for i in range(groups):
                group, created = _node(
                    branch, f"{code}-G{i + 1}", f"{name.removesuffix('分会')}{GROUP_NAMES[i]}", "group"
                )
                ctx.created += created
                units.append(group)
        if not Worker.objects.filter(branch__path__startswith=enterprise.path).exists():
            new_workers += _worker_rows(rnd, spec, units, taken, [0])
    if new_workers:
        Worker.objects.bulk_create(new_workers, batch_size=1000)
        counters.recount({w.branch_id for w in new_workers})
        counters.fold()  # the demo starts with its subtree counters folded
        ctx.created += len(new_workers)

    first_branch = ctx.branches["E01-B01"]
    demo_worker = Worker.objects.filter(id_number=DEMO_WORKER["id_number"]).first()
    if demo_worker is None:
        demo_worker = Worker.objects.create(
            **DEMO_WORKER, branch=first_branch, phone="13800138000", hire_date=dt.date(2008, 7, 1),
            is_member=True, member_since=dt.date(2008, 9, 1), card_number="E01DEMO0001", card_issued=True,
        )  # fmt: skip
        ctx.created += 1

    for username, kwargs in (
        ("admin", {"superuser": True}),
        ("city", {"first_name": "市总审核员"}),
        ("district", {"first_name": "区总审核员"}),
        ("officer", {"first_name": "煤矿工会干部"}),
        ("officer_b", {"first_name": "供电工会干部"}),
        ("branch", {"first_name": "综采一队分会干部"}),
        ("worker", {"worker": demo_worker}),
    ):
        user, created = _user(username, **kwargs)
        ctx.users[username] = user
        ctx.created += created
    ctx.created += _appoint(ctx.users["city"], city, Appointment.Role.DISTRICT_REVIEWER)
    ctx.created += _appoint(ctx.users["district"], district, Appointment.Role.DISTRICT_REVIEWER)
    ctx.created += _appoint(ctx.users["officer"], ctx.enterprises["E01"], Appointment.Role.UNION_OFFICER)
    ctx.created += _appoint(ctx.users["officer_b"], ctx.enterprises["E02"], Appointment.Role.UNION_OFFICER)
    ctx.created += _appoint(ctx.users["branch"], first_branch, Appointment.Role.BRANCH_OFFICER)
    if ctx.created:
        audit.record(actor=None, action="demo.seed", obj=district, after={"created": ctx.created})
    return ctx
