from django.core.management.base import BaseCommand

from branches import services


class Command(BaseCommand):
    help = (
        "Fail the roster jobs whose heartbeat stopped (a killed worker) or that no worker took, "
        "freeing their unit (what the periodic task does every minute)."
    )

    def handle(self, *args, **options):
        reaped = services.reap_stalled_jobs()
        self.stdout.write(f"failed: {reaped}")
