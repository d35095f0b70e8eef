from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        context = None
        for dotted in settings.UNIONHOME_DEMO_SEEDERS:
            seeder = import_string(dotted)
            context = seeder() if context is None else seeder(context)
            self.stdout.write(f"{dotted}: ok")
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data in place. Logins: admin, city, district, officer, officer_b, branch, worker; password unionhome-demo"
            )
        )
