from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import (
    DEMO_EDITOR_USERNAME,
    DEMO_WRITER_USERNAME,
    demo_editor_ensure,
    demo_second_factor_ensure,
    demo_second_factor_remove,
    demo_writer_ensure,
)


class Command(BaseCommand):
    help = (
        "Create or reset the demo editor (편집자) and writer (작성자) accounts and print their logins, "
        "with the editor's second factor (authenticator key and recovery codes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts. Use --force to insist."
            )
        username, password = demo_editor_ensure()
        factor = demo_second_factor_ensure(username=DEMO_EDITOR_USERNAME)
        self._login("editor (편집자: approves and publishes)", username, password)
        self.stdout.write("  second factor (asked after the password):")
        self.stdout.write(f"    authenticator key: {factor['secret']}")
        self.stdout.write(f"    or scan/open:      {factor['otpauth']}")
        self.stdout.write(
            "    no authenticator app? type one of these recovery codes (each works once):"
        )
        self.stdout.write(f"    recovery codes:    {' '.join(factor['recovery_codes'])}")

        username, password = demo_writer_ensure()
        demo_second_factor_remove(username=DEMO_WRITER_USERNAME)
        self._login("writer (작성자: drafts and submits; password only)", username, password)

    def _login(self, label, username, password):
        self.stdout.write(self.style.SUCCESS(f"Demo {label}:"))
        self.stdout.write(f"  user:     {username}")
        self.stdout.write(f"  password: {password}")
