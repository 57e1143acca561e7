from django.core.management.base import BaseCommand, CommandError

from photos.services import PhotoRepairError, photo_originals_repair


class Command(BaseCommand):
    help = (
        "Clean every stored photo original again as uploads are cleaned today (a malformed EXIF "
        "block written by older code, a PNG eXIf or WebP EXIF block it kept) and write it back "
        "under the same name. Web copies of a repaired photo are deleted and made again on demand; "
        "the press kits that show it are queued for a new build (run by manage.py db_worker). "
        "A file that would still fail the upload checks is left as it is and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only report which originals would be repaired; change nothing",
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            report = photo_originals_repair(dry_run=dry_run)
        except PhotoRepairError as error:
            raise CommandError(str(error)) from error
        verb = "would be repaired" if dry_run else "repaired"
        summary = (
            f"Checked {report['checked']} photos: {report['repaired']} {verb}, "
            f"{report['unchanged']} unchanged, {report['failed']} failed."
        )
        if dry_run:
            summary = f"Dry run, nothing changed. {summary}"
        self.stdout.write(self.style.SUCCESS(summary) if not report["failed"] else summary)
        if options["verbosity"] >= 2:
            for name in report["repaired_names"]:
                self.stdout.write(f"{'Would repair' if dry_run else 'Repaired'}: {name}")
        for name, reason in report["failures"].items():
            self.stderr.write(self.style.ERROR(f"Failed: {name}: {reason}"))
