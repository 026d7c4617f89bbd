"""A year of one busy hall on PostgreSQL (#17): 3 million tickets and 500,000 cases made up
by bench.year_data, then the dashboard's query time and each report's (by hall, department,
window, member of staff and service item; a month, a quarter and a year), read ticket by
ticket and from the day summaries.

python -m bench.year [--tickets N] [--cases N] [--fresh]

The database (hall_bench_year) is kept between runs and made again when it was made on
another day or with other sizes: writing a year takes a few minutes."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import server

DATABASE = "hall_bench_year"
KEYS = Path("var/bench/year-keys.json")  # the database's own keys, made with it


def _environment() -> dict[str, str]:
    if not KEYS.exists():
        KEYS.parent.mkdir(parents=True, exist_ok=True)
        KEYS.write_text(
            json.dumps({"secret": secrets.token_urlsafe(48), "pii": secrets.token_urlsafe(48)})
        )
        KEYS.chmod(0o600)
    keys = json.loads(KEYS.read_text())
    return {
        **os.environ,
        "DATABASE_URL": server.POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}",
        "REDIS_URL": server.REDIS_URL,
        "HALL_SECRET_KEY": keys["secret"],
        "HALL_PII_KEY": keys["pii"],
        "HALL_DATA_DIR": tempfile.mkdtemp(prefix="hall-bench-year-"),
        "HALL_LOG_LEVEL": "WARNING",
        "HALL_BACKUP_KEEP": "0",
    }


def prepared(tickets: int, cases: int, *, fresh: bool) -> dict[str, str]:
    """The year's database, made unless one of today's with these sizes is there."""
    import psycopg

    stamp = f"hall bench year {datetime.datetime.now(datetime.UTC).date()} {tickets} {cases}"
    with psycopg.connect(server.POSTGRES_ADMIN_URL, autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [DATABASE],
        ).fetchone()
        made = row is not None and row[0] == stamp and KEYS.exists() and not fresh
        if not made:
            KEYS.unlink(missing_ok=True)
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {DATABASE}")
    env = _environment()
    subprocess.run([*server.HALL, "migrate", "-v", "0"], env=env, check=True)
    if not made:
        print(f"[postgresql] making a year of one busy hall ({tickets} tickets, {cases} cases)")
        subprocess.run(
            [sys.executable, "-m", "bench.year_data", str(tickets), str(cases)], env=env, check=True
        )
        with psycopg.connect(server.POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f"COMMENT ON DATABASE {DATABASE} IS '{stamp}'")
    return env


def year(results: dict, *, tickets: int = 3_000_000, cases: int = 500_000, fresh: bool = False):
    env = prepared(tickets, cases, fresh=fresh)
    measured = subprocess.run(
        [sys.executable, "-m", "bench.year_measure"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    *lines, figures = measured.stdout.strip().splitlines()
    print(*lines, sep="\n")
    results["year"] = json.loads(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=3_000_000)
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--fresh", action="store_true", help="make the year again")
    args = parser.parse_args()
    results: dict = {}
    year(results, tickets=args.tickets, cases=args.cases, fresh=args.fresh)


if __name__ == "__main__":
    main()
