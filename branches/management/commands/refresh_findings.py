from django.core.management.base import BaseCommand, CommandError

from branches import services


class Command(BaseCommand):
    help = (
        "Compute every finding of the tree again, in every language, and replace the dashboard's "
        "findings table with them (docs/SCALING.md, 'Findings'). A failure keeps the previous rows."
    )

    def handle(self, *args, **options):
        run = services.refresh_findings(run_id=services.queue_run().pk)
        if run.status != run.Status.DONE:
            raise CommandError(f"findings refresh failed: {run.reason}")
        self.stdout.write(f"{run.findings} findings written (run {run.pk}).")
