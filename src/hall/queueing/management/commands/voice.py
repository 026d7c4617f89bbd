from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.queueing.voice import build_clips, clips_folder


class Command(BaseCommand):
    help = "The boards' spoken calls: build makes the clips with espeak-ng (once, offline)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        build = actions.add_parser("build", help="make the missing clips")
        build.add_argument("--force", action="store_true", help="make them all again")

    def handle(self, *args: Any, action: str, force: bool = False, **options: Any) -> None:
        try:
            made = build_clips(force=force)
        except FileNotFoundError:
            raise CommandError(
                _("espeak-ng is not installed (Debian: apt install espeak-ng).")
            ) from None
        self.stdout.write(
            _("%(count)s clips made in %(folder)s.") % {"count": made, "folder": clips_folder()}
        )
