import time

from django.core.management.base import BaseCommand

from demo.bulk import bulk_seed


class Command(BaseCommand):
    help = (
        "Fill the database with a large newsroom for benchmarks (releases, events, photos with "
        "Korean text). Writes in bulk; builds no kits and no search index (run their commands)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--releases", type=int, default=100_000)
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--photos", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, releases, events, photos, seed, **options):
        started = time.monotonic()
        made = bulk_seed(releases=releases, events=events, photos=photos, seed=seed)
        self.stdout.write(
            f"Made {made['releases']} releases, {made['events']} events and {made['photos']} "
            f"photos in {time.monotonic() - started:.0f} s."
        )
