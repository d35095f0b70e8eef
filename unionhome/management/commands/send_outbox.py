from django.core.management.base import BaseCommand

from unionhome import outbox


class Command(BaseCommand):
    help = "Send the due e-mails of the outbox (what the periodic task does every minute)."

    def handle(self, *args, **options):
        sent = outbox.send_due()
        self.stdout.write(f"sent: {sent}")
