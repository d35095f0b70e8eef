"""A city federation over two districts, for the tests of federations at every level.

city C → district D1 → enterprise E1 → branch E1B → group E1G
       → district D2 → enterprise E2
       → industry federation I1 → enterprise E3
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from branches import counters
from branches.models import Appointment, Branch, UnitCounter, Worker
from tests.factories import AppointmentFactory, WorkerFactory, make_branch
from unionhome.models import User


@dataclass
class CityWorld:
    city: Branch
    d1: Branch
    d2: Branch
    industry: Branch
    e1: Branch
    e1b: Branch
    e1g: Branch
    e2: Branch
    e3: Branch
    w1: Worker
    w2: Worker
    w3: Worker
    users: dict[str, User]


def build_city() -> CityWorld:
    city = make_branch(None, "C", "city", "测试市总工会")
    d1 = make_branch(city, "D1", "district", "东区总工会")
    d2 = make_branch(city, "D2", "district", "西区总工会")
    industry = make_branch(city, "I1", "industry", "市机械冶金产业工会")
    e1 = make_branch(d1, "E1", "enterprise", "东区一厂工会")
    e1b = make_branch(e1, "E1B", "branch", "一厂一车间分会")
    e1g = make_branch(e1b, "E1G", "group", "一车间一班小组")
    e2 = make_branch(d2, "E2", "enterprise", "西区二厂工会")
    e3 = make_branch(industry, "E3", "enterprise", "机械三厂工会")
    w1 = WorkerFactory(branch=e1g, name="东一", gender="F", is_member=True)
    w2 = WorkerFactory(branch=e2, name="西二")
    w3 = WorkerFactory(branch=e3, name="机三")
    reviewer = Appointment.Role.DISTRICT_REVIEWER
    users = {
        "city": AppointmentFactory(branch=city, role=reviewer, user__username="city").user,
        "d1": AppointmentFactory(branch=d1, role=reviewer, user__username="d1").user,
        "d2": AppointmentFactory(branch=d2, role=reviewer, user__username="d2").user,
        "e1": AppointmentFactory(branch=e1, role=Appointment.Role.UNION_OFFICER, user__username="e1").user,
        "e1b": AppointmentFactory(
            branch=e1b, role=Appointment.Role.BRANCH_OFFICER, user__username="e1b"
        ).user,
    }
    return CityWorld(city, d1, d2, industry, e1, e1b, e1g, e2, e3, w1, w2, w3, users)


def build_province(enterprises: int) -> tuple[Branch, User]:
    """A province → two cities → four districts → ``enterprises`` enterprises of four branches each
    (``5 * enterprises + 7`` units), written in bulk with their paths computed up front, each
    branch with a counter of 10 workers (8 members); and the province's reviewer."""
    nodes: list[tuple[str, str, str, int]] = []  # code, kind, path, depth
    children: Counter[str] = Counter()

    def node(parent: tuple | None, index: int, code: str, kind: str) -> tuple[str, str, str, int]:
        depth = 1 if parent is None else parent[3] + 1
        path = Branch._get_path(None if parent is None else parent[2], depth, index)
        if parent is not None:
            children[parent[2]] += 1
        nodes.append((code, kind, path, depth))
        return nodes[-1]

    province = node(None, 1, "P", "province")
    cities = [node(province, c + 1, f"C{c}", "city") for c in range(2)]
    districts = [node(cities[d % 2], d // 2 + 1, f"D{d}", "district") for d in range(4)]
    for e in range(enterprises):
        ent = node(districts[e % 4], e // 4 + 1, f"E{e:04d}", "enterprise")
        for b in range(4):
            node(ent, b + 1, f"E{e:04d}B{b}", "branch")
    Branch.objects.bulk_create(
        [
            Branch(code=code, name=f"单位{code}", kind=kind, path=path, depth=depth, numchild=children[path])
            for code, kind, path, depth in nodes
        ],
        batch_size=1000,
    )
    UnitCounter.objects.bulk_create(
        [
            UnitCounter(branch_id=pk, workers=10, members=8, cards=8, women=4, regular=10)
            for pk in Branch.objects.filter(kind="branch").values_list("pk", flat=True)
        ],
        batch_size=1000,
    )
    counters.rebuild_subtrees()  # the counters were written behind the roster's back
    province = Branch.objects.get(code="P")
    user = AppointmentFactory(
        branch=province, role=Appointment.Role.DISTRICT_REVIEWER, user__username="province"
    ).user
    return province, user
