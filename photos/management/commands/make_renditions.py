from django.core.management.base import BaseCommand

from photos.services import photo_renditions_backfill, photo_renditions_prune


class Command(BaseCommand):
    help = (
        "Queue the web copies of every photo that has none yet (photos stored before copies were "
        "made at upload, or restored without them); manage.py db_worker makes them. With --prune, "
        "also delete stored copies that no photo's current file uses."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune", action="store_true", help="delete copies no photo uses any more"
        )

    def handle(self, *args, prune=False, **options):
        queued = photo_renditions_backfill()
        self.stdout.write(f"Queued web copies for {queued} photos.")
        if prune:
            removed = photo_renditions_prune()
            self.stdout.write(f"Deleted {removed} unused web copies.")
