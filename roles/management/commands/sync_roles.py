from django.core.management.base import BaseCommand

from roles.definitions import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create the press-office roles (작성자, 편집자, 관리자) and set their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(self.style.SUCCESS("Roles in step: " + ", ".join(ROLES)))
