from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.demo import DEMO_PASSWORD, seed_demo, seed_demo_history


class Command(BaseCommand):
    help = "Migrate, seed the demo hall (once) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up and stop")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, port: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        logins = seed_demo()
        seed_demo_history()
        try:  # the boards' spoken calls; without espeak-ng they use the browser's own voice
            call_command("voice", "build", verbosity=0)
        except CommandError as error:
            self.stderr.write(str(error))
        self.stdout.write(
            _(
                "Demo hall ready. Log in at http://127.0.0.1:%(port)s/ "
                "with password %(password)s as:"
            )
            % {"port": port, "password": DEMO_PASSWORD}
        )
        for username, role in logins:
            self.stdout.write(f"  {username:<12} {role}")
        if not no_serve:
            call_command("serve", port=port)
