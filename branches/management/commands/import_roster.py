from django.core.management.base import BaseCommand, CommandError

from branches import roster_io, selectors, services
from branches.exceptions import DomainError, RosterImportRefused


class Command(BaseCommand):
    help = (
        "Import a roster .xlsx into a unit (all or nothing). Prints every problem and exits non-zero "
        "for a refused file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--branch", required=True, help="code of the unit the file belongs to")
        parser.add_argument("--user", default="", help="import as this user (default: first superuser)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--mark-missing-as-left",
            action="store_true",
            help="mark the unit's active workers who are not in the file as left",
        )

    def handle(self, *args, **options):
        unit = selectors.unit_by_code(options["branch"])
        if unit is None:
            raise CommandError(f"No unit with code {options['branch']}")
        actor = selectors.command_user(options["user"])
        if actor is None:
            raise CommandError("No such user (create a superuser or pass --user)")
        try:
            sheet = roster_io.open_roster(roster_io.check_path(options["file"]))
            if options["dry_run"]:
                plan = services.roster_import_preview(actor=actor, unit=unit, rows=sheet.rows())
                if plan.problems:
                    raise RosterImportRefused(
                        roster_io.refusal_message(plan.problems), problems=plan.problems
                    )
            else:
                plan = services.roster_import(
                    actor=actor,
                    unit=unit,
                    rows=sheet.rows(),
                    mark_missing_as_left=options["mark_missing_as_left"],
                )
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except RosterImportRefused as exc:
            for p in exc.problems:
                self.stdout.write(f"{p.row}\t{p.column}\t{p.value}\t{p.reason}")
            raise CommandError(str(exc.message)) from exc
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{plan.total} rows: {plan.created} {verb} created, {plan.updated} updated, "
            f"{plan.unchanged} unchanged; {plan.missing_active} active workers of {unit.code} are not in the file"
            + (
                " and were marked as left"
                if options["mark_missing_as_left"] and not options["dry_run"]
                else ""
            )
        )
