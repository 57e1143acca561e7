from django.core.management.base import BaseCommand, CommandError

from backup.services import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty, migrated database and an empty media directory. "
        "Every checksum is verified before anything is written and again after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty and write over existing "
            "media files of the same name. Everyone is signed out.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the archive (checksums, paths, manifest); write nothing.",
        )

    def handle(self, *args, archive, force, check, **options):
        try:
            if check:
                manifest = backup_check(archive=archive)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{archive} is intact: {len(manifest['members'])} members match the "
                        f"manifest of {manifest['created_at']}."
                    )
                )
                return
            manifest = backup_restore(archive=archive, force=force)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        restored = manifest["restored"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest['created_at']}): {restored['rows']} rows in "
                f"{len(manifest['models'])} tables and {restored['files']} media files; every "
                "checksum and row count verified."
            )
        )
        self.stdout.write("Sign-ins were not in the backup: everyone signs in again.")
