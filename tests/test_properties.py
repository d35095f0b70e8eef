"""Properties checked with Hypothesis over generated data.

The ID-number validator's properties live in tests/branches/test_rules.py.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from branches import roster_io, rules, services
from branches.models import Appointment, Worker
from branches.selectors import roster_for_export
from hardship import rules as hardship_rules
from tests.branches.roster_files import row
from tests.factories import AppointmentFactory, UserFactory, WorkerFactory, make_branch
from unionhome.exceptions import DomainError
from unionhome.masking import mask_id_number
from unionhome.models import AuditEvent

DB_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- (a) an officer's roster export never leaves the officer's subtree -----------------------------

trees = st.lists(  # per enterprise: per branch, the number of groups under it
    st.lists(st.integers(min_value=0, max_value=2), min_size=0, max_size=3), min_size=2, max_size=4
)


def _build(shape: list[list[int]]):
    district = make_branch(None, "PD", "district", "区总工会")
    nodes = []  # (node, enterprise)
    for e, branches in enumerate(shape):
        enterprise = make_branch(district, f"P{e}", "enterprise", f"企业{e}")
        nodes.append((enterprise, enterprise))
        for b, groups in enumerate(branches):
            branch = make_branch(enterprise, f"P{e}B{b}", "branch", f"分会{e}-{b}")
            nodes.append((branch, enterprise))
            for g in range(groups):
                nodes.append((make_branch(branch, f"P{e}B{b}G{g}", "group", f"小组{e}-{b}-{g}"), enterprise))
    return nodes


@pytest.mark.django_db
@DB_SETTINGS
@given(
    shape=trees,
    data=st.data(),
    masked=st.booleans(),
)
def test_an_officers_roster_export_never_contains_rows_outside_the_officers_subtree(shape, data, masked):
    with transaction.atomic():
        nodes = _build(shape)
        per_node = data.draw(
            st.lists(st.integers(0, 3), min_size=len(nodes), max_size=len(nodes)), label="workers"
        )
        workers = []
        for (node, _enterprise), count in zip(nodes, per_node, strict=True):
            workers += [WorkerFactory(branch=node, name=f"职工{len(workers) + i}") for i in range(count)]
        role = data.draw(st.sampled_from([Appointment.Role.UNION_OFFICER, Appointment.Role.BRANCH_OFFICER]))
        candidates = [n for n, e in nodes if (n == e) == (role == Appointment.Role.UNION_OFFICER)] or [
            nodes[0][0]
        ]
        if role == Appointment.Role.BRANCH_OFFICER and candidates == [nodes[0][0]]:
            role = Appointment.Role.UNION_OFFICER  # a tree without branches: no branch officer to appoint
        at = data.draw(st.sampled_from(candidates), label="appointed at")
        user = AppointmentFactory(branch=at, role=role, user=UserFactory()).user
        # a hostile filter: any node of the tree, in scope or not
        other = data.draw(st.sampled_from([None, *[n for n, _e in nodes]]), label="branch filter")
        query = QueryDict("", mutable=True)
        if other is not None:
            query["branch"] = str(other.pk)

        exported = list(
            services.roster_export_rows(actor=user, workers=roster_for_export(user, query), masked=masked)
        )

        inside = {w.name: w for w in workers if w.branch.path.startswith(at.path)}
        for cells in exported:
            name, number, code = cells[0], cells[2], cells[5]
            assert name in inside, f"{name} is outside {at.code}"
            assert code == inside[name].branch.code
            assert mask_id_number(number) == mask_id_number(inside[name].id_number)
        if other is None:
            assert sorted(c[0] for c in exported) == sorted(inside)
        transaction.set_rollback(True)


# --- (b) the roster importer never crashes on garbage and never writes when it refuses ---------------

garbage = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=300, max_size=2000),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(
        ["=1+1", "+SUM(A1:A2)", "-2", "@cmd", '=HYPERLINK("http://x")', "\x00", "a\x00b", "　", "是", "否"]
    ),
)


def _xlsx(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, list(rules.ROSTER_COLUMNS))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value[:32767])
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


def _valid_cells(n: int) -> list:
    values = row(n)
    return [values[c] for c in rules.ROSTER_COLUMNS]


@pytest.mark.django_db
@DB_SETTINGS
@given(data=st.data())
def test_the_roster_importer_never_raises_an_unhandled_error_and_never_writes_when_it_refuses(world, data):
    rows = []
    for n in range(data.draw(st.integers(1, 4), label="rows")):
        cells = _valid_cells(n + 1)
        for index in data.draw(st.sets(st.integers(0, len(cells) - 1), max_size=len(cells)), label="spoilt"):
            cells[index] = data.draw(garbage, label=rules.ROSTER_COLUMNS[index])
        rows.append(cells)
    content = _xlsx(rows)
    before = (
        Worker.objects.count(),
        AuditEvent.objects.count(),
        list(Worker.objects.values_list("pk", "name", "phone")),
    )
    with translation.override("zh-hans"):
        try:
            sheet = roster_io.open_roster(content)
            plan = services.roster_import(actor=world.users["officer"], unit=world.ent_a, rows=sheet.rows())
        except DomainError as refused:  # RosterFileError (the file) or RosterImportRefused (rows)
            event(f"refused: {type(refused).__name__}")
            assert str(refused)  # a readable message
            after = (
                Worker.objects.count(),
                AuditEvent.objects.count(),
                list(Worker.objects.values_list("pk", "name", "phone")),
            )
            assert after == before
            return
    event("imported")
    assert not plan.problems
    stored = Worker.objects.values_list("name", "phone", "card_number")
    assert not any("\x00" in value for values in stored for value in values), "a NUL byte was stored"


# --- (c) eligibility is monotonic in income -------------------------------------------------------

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("20000"), places=2, allow_nan=False)
lines = st.decimals(min_value=Decimal("100"), max_value=Decimal("3000"), places=2, allow_nan=False)


@settings(max_examples=300)
@given(
    line=lines,
    incomes=st.tuples(money, money),
    special=st.booleans(),
    illness=st.booleans(),
    costs=money,
)
def test_lowering_income_per_person_never_loses_category_1_2_or_3(line, incomes, special, illness, costs):
    lower, higher = sorted(incomes)

    def met(p):
        return hardship_rules.categories_met(
            per_capita_income=p,
            line=line,
            special_cause=special,
            major_illness_or_accident=illness,
            self_paid_or_loss_this_year=costs,
        )

    assert met(higher) & {1, 2, 3} <= met(lower)
    assert (4 in met(higher)) == (4 in met(lower))  # category 4 does not depend on income


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["姓名", "手机号", "会员证号", "组织编码", "身份证号"])
def test_a_nul_byte_in_any_text_cell_never_reaches_the_database(world, column):
    cells = _valid_cells(1)
    index = rules.ROSTER_COLUMNS.index(column)
    cells[index] = f"{cells[index]}\x00"
    with translation.override("zh-hans"):
        sheet = roster_io.open_roster(_xlsx([cells]))
        try:
            services.roster_import(actor=world.users["officer"], unit=world.ent_a, rows=sheet.rows())
        except DomainError:
            assert not Worker.objects.filter(name__startswith="新职工").exists()
            return
    stored = Worker.objects.filter(name__startswith="新职工").values_list("name", "phone", "card_number")
    assert len(stored) == 1 and not any("\x00" in value for value in stored[0])
