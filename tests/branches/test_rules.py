from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branches import rules
from branches.rules import Counts, WomenBody
from unionhome.masking import mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519491231002X", None),
        ("11010519491231002x", None),  # lower-case x is normalised
        ("１１０１０５１９４９１２３１００２Ｘ", None),  # full-width digits are folded
        (" 11010519491231002X ", None),
        ("110105194912310021", "checksum"),
        ("11010519491331002X", "birth_date"),  # month 13
        ("11010519490230002X", "birth_date"),  # 30 February
        ("1101051949123100", "shape"),
        ("1101051949123100X2", "shape"),
        ("", "shape"),
    ],
)
def test_id_number_validation(number, code):
    if code is None:
        assert rules.validate_id_number(number) == "11010519491231002X"
    else:
        with pytest.raises(rules.IdNumberError) as exc:
            rules.validate_id_number(number)
        assert exc.value.code == code


id_bodies = st.builds(
    lambda region, born, seq: f"{region:06d}{born:%Y%m%d}{seq:03d}",
    st.integers(110000, 659999),
    st.dates(
        min_value=__import__("datetime").date(1900, 1, 1), max_value=__import__("datetime").date(2025, 12, 31)
    ),
    st.integers(0, 999),
)


@given(id_bodies)
def test_every_generated_id_number_passes(body):
    number = body + rules.id_check_character(body)
    assert rules.validate_id_number(number) == number


@given(id_bodies, st.integers(0, 16), st.integers(1, 9))
def test_changing_one_digit_of_a_valid_id_number_fails(body, position, delta):
    number = body + rules.id_check_character(body)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(rules.IdNumberError):
        rules.validate_id_number(changed)


def test_sex_digit_gives_gender_and_birth_date_is_read():
    assert rules.id_gender("11010519491231002X") == "F"  # 17th digit 2: even
    assert rules.id_gender("110105194912310010"[:17] + rules.id_check_character("11010519491231001")) == "M"
    assert rules.id_birth_date("11010519491231002X").isoformat() == "1949-12-31"


def test_masking_keeps_four_and_four():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_id_number("") == ""


@pytest.mark.parametrize(
    ("members", "workers", "rate", "meets"),
    [
        (0, 0, None, None),  # no workers: no data, never a silent zero
        (0, 10, Decimal("0"), False),
        (10, 10, Decimal("1"), True),  # all members
        (9499, 10000, Decimal("0.9499"), False),  # 94.99 %
        (9500, 10000, Decimal("0.95"), True),  # exactly 95 %
        (18999, 20000, Decimal("0.9500"), False),  # 94.995 % rounds to 95.00 % but is below
    ],
)
def test_enrolment_rate_boundaries(members, workers, rate, meets):
    assert rules.enrolment_rate(members, workers) == rate
    assert rules.exact_ratio_meets(members, workers, Decimal("0.95")) is meets


def test_card_issuance_rate_of_no_members_is_no_data():
    assert rules.card_issuance_rate(0, 0) is None
    assert rules.card_issuance_rate(99, 100) == Decimal("0.99")
    assert rules.exact_ratio_meets(99, 100, Decimal("1")) is False
    assert rules.exact_ratio_meets(100, 100, Decimal("1")) is True


@pytest.mark.parametrize(
    ("women", "body"),
    [
        (0, WomenBody.NONE),
        (2, WomenBody.NONE),
        (3, WomenBody.GROUP),
        (49, WomenBody.GROUP),
        (50, WomenBody.COMMITTEE),
    ],
)
def test_women_body_required(women, body):
    assert rules.women_body_required(women) is body


def test_roll_up_sums_each_subtree():
    own = {
        "0001": Counts(1, 1, 0, 0),
        "00010001": Counts(10, 9, 8, 3),
        "000100010001": Counts(5, 5, 5, 5),
        "00010002": Counts(2, 0, 0, 1),
    }
    totals = rules.roll_up(own, list(own))
    assert totals["0001"] == Counts(18, 15, 13, 9)
    assert totals["00010001"] == Counts(15, 14, 13, 8)
    assert totals["000100010001"] == Counts(5, 5, 5, 5)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 50)), min_size=1, max_size=30))
def test_a_subtree_total_equals_own_plus_childrens_totals(spec):
    # Build a random tree: each node's parent is an earlier node.
    paths = ["0001"]
    for i, (parent_index, _count) in enumerate(spec[1:], start=1):
        parent = paths[parent_index % len(paths)]
        paths.append(parent + f"{i:04d}")
    own = {p: Counts(c, c // 2, c // 3, c // 4) for p, (_i, c) in zip(paths, spec, strict=True)}
    totals = rules.roll_up(own, paths)
    for p in paths:
        children = [q for q in paths if q.startswith(p) and len(q) == len(p) + 4]
        expected = own[p]
        for child in children:
            expected = expected + totals[child]
        assert totals[p] == expected


def test_tree_kinds():
    assert rules.may_hold("district", "enterprise")
    assert not rules.may_hold("district", "group")
    assert rules.may_hold("branch", "group")
    assert not rules.may_hold("group", "group")
