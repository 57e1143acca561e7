from django.core.management.base import BaseCommand

from search.services import search_worker_run


class Command(BaseCommand):
    help = (
        "Keep the search index current: re-index items that admin saves marked stale. "
        "Runs until stopped; reconnects when the database restarts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Process what is waiting, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks (default 2)."
        )

    def handle(self, *args, once=False, interval=2.0, **options):
        search_worker_run(interval=interval, once=once, stdout=self.stdout)
