from django.core.management.base import BaseCommand

from presskits.services import kit_files_prune


class Command(BaseCommand):
    help = "Remove stored press kit files that no kit refers to any more (run now and then)."

    def handle(self, **options):
        removed = kit_files_prune()
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} unused kit files."))
