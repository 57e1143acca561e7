from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_editor_ensure


class Command(BaseCommand):
    help = "Create or reset the demo editor account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create a demo account. Use --force to insist."
            )
        username, password = demo_editor_ensure()
        self.stdout.write(
            self.style.SUCCESS("Demo editor account (staff, can edit all newsroom content):")
        )
        self.stdout.write(f"  user:     {username}")
        self.stdout.write(f"  password: {password}")
