from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_editor_ensure, demo_writer_ensure


class Command(BaseCommand):
    help = "Create or reset the demo editor (편집자) and writer (작성자) accounts and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts. Use --force to insist."
            )
        for label, ensure in (("editor (편집자: approves and publishes)", demo_editor_ensure),
                              ("writer (작성자: drafts and submits)", demo_writer_ensure)):  # fmt: skip
            username, password = ensure()
            self.stdout.write(self.style.SUCCESS(f"Demo {label}:"))
            self.stdout.write(f"  user:     {username}")
            self.stdout.write(f"  password: {password}")
