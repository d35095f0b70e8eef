from django.core.management.base import BaseCommand, CommandError

from branches import selectors, services
from branches.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Export a unit's roster (its whole subtree) to .xlsx: an administrator's tool, full ID numbers "
        "unless --masked."
    )

    def add_arguments(self, parser):
        parser.add_argument("--branch", required=True, help="code of the unit")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--masked", action="store_true", help="mask ID numbers")
        parser.add_argument("--user", default="", help="export as this user (default: first superuser)")

    def handle(self, *args, **options):
        unit = selectors.unit_by_code(options["branch"])
        if unit is None:
            raise CommandError(f"No unit with code {options['branch']}")
        actor = selectors.command_user(options["user"])
        if actor is None:
            raise CommandError("No such user (create a superuser or pass --user)")
        workers = selectors.workers(actor).filter(branch__path__startswith=unit.path)
        try:
            count = services.roster_export(
                actor=actor,
                workers=workers,
                target=options["output"],
                masked=options["masked"],
                branch_path=unit.path,
                detail=f"export_roster {unit.code}",
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{count} workers of {unit.code} written to {options['output']}")
