from django.core.management.base import BaseCommand

from assessment import services


class Command(BaseCommand):
    help = "Install the model-home standards of the source documents where they are missing."

    def handle(self, *args, **options):
        created = services.standards_install()
        for standard in created:
            self.stdout.write(f"installed {standard}")
        self.stdout.write(f"{len(created)} standard(s) installed")
