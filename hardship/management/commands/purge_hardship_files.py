from django.core.management.base import BaseCommand, CommandError

from hardship import services
from unionhome.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Delete the personal data of closed hardship files (and their finished applications and uploads) "
        "closed more than N years ago; statistics and audit records stay. A dry run unless --for-real."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help='retention in years (default: UNIONHOME["HARDSHIP_RETENTION_YEARS"])',
        )
        parser.add_argument("--for-real", action="store_true", help="purge (without it: only list)")

    def handle(self, *args, **options):
        years = services.retention_years() if options["years"] is None else options["years"]
        try:
            plans = services.purge_expired_files(years=years, for_real=options["for_real"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        verb = "purged" if options["for_real"] else "would purge"
        for plan in plans:
            self.stdout.write(
                f"{verb} file {plan.file_id} ({plan.branch_path}, closed {plan.closed_on}): "
                f"{len(plan.application_ids)} applications, {plan.members} household members, "
                f"{plan.uploads} uploads, {plan.entries} file entries"
            )
        summary = f"{verb} {len(plans)} closed hardship files (retention {years} years)"
        if not options["for_real"]:
            summary += "; dry run, nothing changed (add --for-real)"
        self.stdout.write(self.style.SUCCESS(summary))
