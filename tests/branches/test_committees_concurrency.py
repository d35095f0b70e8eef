"""Two officers at once: exactly one election per period and one confirmation per payment."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from branches import services
from branches.models import Committee, FundsPayment, FundsRemittance, Term
from tests.conftest import build_world
from unionhome.exceptions import DomainError
from unionhome.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    """Run the calls in threads released together; return each one's outcome ("ok" or the error)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
            outcomes[i] = "ok"
        except DomainError as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_overlapping_elections_entered_at_once_record_exactly_one_term():
    world = build_world()
    committee = Committee.objects.create(branch=world.ent_a, kind="union")

    def elect(day):
        return lambda: services.term_create(
            actor=User.objects.get(username="officer"),
            committee=Committee.objects.select_related("branch").get(pk=committee.pk),
            elected_on=day,
        )

    outcomes = _race(elect(dt.date(2024, 6, 1)), elect(dt.date(2024, 7, 1)))
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert Term.objects.filter(committee=committee).count() == 1


def test_a_double_click_on_confirm_receipt_confirms_once():
    world = build_world()
    remittance = FundsRemittance.objects.create(
        branch=world.ent_a, year=2026, amount_due=Decimal(100), due_on=dt.date(2026, 6, 30)
    )
    payment = FundsPayment.objects.create(
        remittance=remittance, amount=Decimal(100), paid_on=dt.date(2026, 6, 1)
    )

    def confirm():
        services.payment_confirm(
            actor=User.objects.get(username="district"),
            payment=FundsPayment.objects.select_related("remittance__branch").get(pk=payment.pk),
        )

    outcomes = _race(confirm, confirm)
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert "已确认到账" in str(loser)
    payment.refresh_from_db()
    assert payment.confirmed_at is not None
