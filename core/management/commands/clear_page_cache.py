from django.core.management.base import BaseCommand

from core.cache import page_cache_bump


class Command(BaseCommand):
    help = (
        "Make every cached public page stale, in every process sharing the cache. Needed only "
        "after changing rows outside the admin and the services (a shell, SQL): those send no "
        "change signal, and pages would otherwise show the old rows for up to PAGE_CACHE_SECONDS."
    )

    def handle(self, *args, **options):
        page_cache_bump()
        self.stdout.write(
            self.style.SUCCESS("Every cached page will be made again on its next visit.")
        )
