from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhome import backup


class Command(BaseCommand):
    help = (
        "Restore the database and uploads from a backup folder, after verifying it (checksums, both "
        "archives read in full). Replaces everything: needs --for-real; without it, only verifies."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--for-real", action="store_true", help="really replace the current data")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not (folder / "manifest.json").exists():
            raise CommandError(f"not a backup folder: {folder}")
        try:
            if not options["for_real"]:
                backup.verify(folder)
                self.stdout.write(
                    f"dry run: {folder} is whole (checksums and database archive verified); "
                    "add --for-real to replace the database and uploads with it"
                )
                return
            backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"restored from {folder}"))
