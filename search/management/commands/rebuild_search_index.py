from django.core.management.base import BaseCommand

from search.services import search_rebuild


class Command(BaseCommand):
    help = (
        "Re-analyse every release, event, quote and person into the search index, here in this "
        "process (no task worker needed; safe while workers run)."
    )

    def handle(self, *args, **options):
        counts = search_rebuild(stdout=self.stdout)
        items = sum(v for k, v in counts.items() if k != "seconds")
        rate = items / counts["seconds"] if counts["seconds"] else items
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {items} items in {counts['seconds']} s ({rate:.0f} per second)"
            )
        )
