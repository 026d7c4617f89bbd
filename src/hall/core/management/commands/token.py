from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.models import ApiToken, User
from hall.core.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "API tokens for devices and integrations: create USERNAME, list, revoke PREFIX."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="print a new token for USERNAME")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for, e.g. 'kiosk 1'")
        actions.add_parser("list")
        revoke = actions.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(
                    _("No active user %(username)s.") % {"username": options["username"]}
                )
            _token, key = api_token_create(
                actor=None, user=user, name=options["name"] or "cli", via="cli"
            )
            self.stdout.write(key)
        elif action == "list":
            for token in ApiToken.objects.select_related("user"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}\t{token.user.username}\t{token.name}\t{state}")
        else:
            revocable = ApiToken.objects.filter(
                prefix=options["prefix"], revoked_at__isnull=True
            ).first()
            if revocable is None:
                raise CommandError(_("No active token with that prefix."))
            api_token_revoke(actor=None, token=revocable, via="cli")
            self.stdout.write(_("Revoked."))
