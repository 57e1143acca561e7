from django.core.management.base import BaseCommand, CommandError

from backup.services import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write the whole newsroom (database and media files) to one tar archive with a manifest of "
        "every member's SHA-256. Gzip-compressed unless the file name ends in .tar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", required=True, help="archive to write, e.g. gbtp-2026-11-30.tar.gz"
        )

    def handle(self, *args, output, **options):
        try:
            manifest = backup_write(output=output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(info["rows"] for info in manifest["models"].values())
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {rows} rows in {len(manifest['models'])} tables, "
                f"{media['files']} media files ({media['bytes'] / 1024 / 1024:.1f} MiB)."
            )
        )
        for label, reason in manifest["not_included"].items():
            self.stdout.write(f"Not included: {label} ({reason}).")
        for name in media["vanished_during_backup"]:
            self.stdout.write(f"Deleted while the backup ran, not included: {name}")
