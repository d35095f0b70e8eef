"""Compare every unit's roster counter with a fresh count of its roster, and every subtree counter
(folded and pending) with its units' counters added up; report and fix drift."""

from django.core.management.base import BaseCommand
from django.db import transaction

from branches import counters
from branches.models import Branch


class Command(BaseCommand):
    help = (
        "Recount every unit's active roster and report where its counter differs (drift); add up "
        "every subtree's unit counters and report where its subtree counter differs; "
        "with --fix, correct the unit counters and rebuild the subtree counters."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Correct the counters that drifted.")

    def handle(self, *args, fix=False, **options):
        with transaction.atomic():
            drifts = counters.drift()
            names = dict(
                Branch.objects.filter(pk__in=[d.branch_id for d in drifts]).values_list("pk", "code")
            )
            for d in drifts:
                changes = ", ".join(f"{f} {d.stored[f]} → {d.actual[f]}" for f in d.fields)
                self.stdout.write(f"{names.get(d.branch_id, d.branch_id)}: {changes}")
            subtrees = (
                counters.subtree_drift() if not drifts else []
            )  # unit drift: every subtree above it too
            codes = dict(
                Branch.objects.filter(path__in=[d.path for d in subtrees]).values_list("path", "code")
            )
            for d in subtrees:
                changes = ", ".join(f"{f} {d.stored[f]} → {d.actual[f]}" for f in d.fields)
                units = "every unit" if d.include_closed else "open units"
                self.stdout.write(f"{codes.get(d.path, d.path)} and below ({units}): {changes}")
            if fix and (drifts or subtrees):
                counters.recount(d.branch_id for d in drifts)
                counters.rebuild_subtrees()  # from the unit counters, right now
        if not drifts and not subtrees:
            self.stdout.write(self.style.SUCCESS("No drift: every counter equals its roster."))
            return
        found = f"{len(drifts)} units drifted" if drifts else f"{len(subtrees)} subtree counters drifted"
        if fix:
            self.stdout.write(self.style.SUCCESS(f"{found}; the counters are corrected."))
        else:
            self.stdout.write(self.style.WARNING(f"{found}; run with --fix to correct them."))
