from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhome import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder under --to (default: backups/)."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups")

    def handle(self, *args, **options):
        try:
            folder = backup.backup(Path(options["to"]))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"backup written: {folder}"))
