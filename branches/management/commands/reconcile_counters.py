"""Compare every unit's roster counter with a fresh count of its roster; report and fix drift."""

from django.core.management.base import BaseCommand
from django.db import transaction

from branches import counters
from branches.models import Branch


class Command(BaseCommand):
    help = (
        "Recount every unit's active roster and report where its counter differs (drift); "
        "with --fix, correct those counters."
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
            if fix and drifts:
                counters.recount(d.branch_id for d in drifts)
        if not drifts:
            self.stdout.write(self.style.SUCCESS("No drift: every counter equals its roster."))
        elif fix:
            self.stdout.write(
                self.style.SUCCESS(f"{len(drifts)} units drifted; their counters are corrected.")
            )
        else:
            self.stdout.write(
                self.style.WARNING(f"{len(drifts)} units drifted; run with --fix to correct them.")
            )
