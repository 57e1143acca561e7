from django.core.management.base import BaseCommand

from presskits.services import every_kit_owner, kit_builds_request


class Command(BaseCommand):
    help = (
        "Queue a press kit build for every published release, event and curated kit "
        "(after a deploy that changes the documents, or to fill in kits for older items). "
        "The task worker (manage.py db_worker) builds them."
    )

    def handle(self, **options):
        builds = kit_builds_request(every_kit_owner())
        self.stdout.write(self.style.SUCCESS(f"Queued {len(builds)} press kit builds."))
