from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ROLES
from accounts.services import create_user_with_role


class Command(BaseCommand):
    help = "Create a user (or update an existing one) in a role: reviewer, editor or admin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--password", default=None, help="Without it the user cannot log in with a password.")
        parser.add_argument("--email", default="")

    def handle(self, *args, **opts) -> None:
        name = opts["username"].strip()
        if not name:
            raise CommandError("username must not be empty")
        try:
            user = create_user_with_role(name, opts["role"], opts["password"], opts["email"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"user {user.username} is now {opts['role']}")
