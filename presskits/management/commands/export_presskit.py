import sys

from django.core.management.base import BaseCommand, CommandError

from presskits.archive import presskit_stream
from presskits.contents import contents_of_kit
from presskits.models import PressKit


class Command(BaseCommand):
    help = "Write a press kit ZIP to a file (or - for standard output), built as a stream."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--output", "-o", required=True, help="ZIP file to write, or - for stdout"
        )

    def handle(self, slug, output, **options):
        kit = PressKit.objects.filter(slug=slug).first()
        if kit is None:
            raise CommandError(f"No press kit with slug {slug!r}.")
        problems: list[str] = []
        target = sys.stdout.buffer if output == "-" else open(output, "wb")  # noqa: SIM115
        try:
            for block in presskit_stream(contents_of_kit(kit), problems=problems):
                target.write(block)
        finally:
            if target is not sys.stdout.buffer:
                target.close()
        for problem in problems:
            self.stderr.write(f"problem: {problem}")
        if output != "-":
            self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(problems)} problems)"))
