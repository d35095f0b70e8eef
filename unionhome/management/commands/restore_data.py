from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhome import backup


class Command(BaseCommand):
    help = "Restore the database and uploads from a backup folder. Replaces everything: needs --for-real."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--for-real", action="store_true", help="really replace the current data")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not (folder / "manifest.json").exists():
            raise CommandError(f"not a backup folder: {folder}")
        if not options["for_real"]:
            self.stdout.write(
                f"dry run: would replace the database and uploads with {folder}; add --for-real"
            )
            return
        try:
            backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored from {folder}"))
