"""The `hall` command: Django's management commands plus the project's own.

hall demo                 migrate, seed the demo hall, serve on http://127.0.0.1:8000
hall serve                the ASGI server (HTTP + WebSockets) with the periodic jobs
hall tick                 run the due periodic jobs once (for cron / systemd timers)
hall token create USER    print a new API token for USER
hall calendar due 2026-09-30 5
hall performance compute --hall demo --month 2026-11 --json scores.json
hall plan erlang --arrivals-per-hour 60 --service-minutes 8 --windows 9 10 --json
hall plan staffing --hall demo --month 2027-01 --json advice.json
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hall", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
