"""Create or revoke an integration token: a token bound to a service account (for example
the one that sends the issued decisions to the national commendation database).

    manage.py api_token --user ketnoi-csdl --name "CSDL quốc gia" --by quantri \
        [--expires 2027-12-31]
    manage.py api_token --revoke 12 --by quantri

The account acts with its own roles and scope (give it a role over the units it may read).
The secret is printed once; only its SHA-256 digest is stored. Both are recorded in the
token's history, with the administrator named by --by.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from portal.workflow import WorkflowError
from units.models import User

from ...models import ApiToken, TokenKind
from ...tokens import token_create, token_revoke


class Command(BaseCommand):
    help = "Create (or revoke) an API token for a service account."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="username of the service account")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument("--expires", help="expiry date, YYYY-MM-DD")
        parser.add_argument("--revoke", type=int, help="id of a token to revoke")
        parser.add_argument("--by", required=True, help="username of the administrator")

    def handle(self, *args, **options):
        by = self._user(options["by"])
        try:
            if options["revoke"]:
                token = ApiToken.objects.filter(pk=options["revoke"]).first()
                if token is None:
                    raise CommandError("No such token.")
                token_revoke(token=token, by=by)
                self.stdout.write(f"Revoked {token}.")
                return
            if not options["user"]:
                raise CommandError("Give --user (or --revoke).")
            expires = (
                datetime.date.fromisoformat(options["expires"]) if options["expires"] else None
            )
            token, secret = token_create(
                user=self._user(options["user"]),
                name=options["name"] or "integration",
                by=by,
                expires_on=expires,
                kind=TokenKind.INTEGRATION,
            )
        except (WorkflowError, ValueError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"Token {token.pk} for {token.user}: {secret}")
        self.stdout.write("Keep it now: it is not stored and cannot be shown again.")

    def _user(self, username):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        return user
