"""The deployment as docs/deploy.md builds it, in CI: Debian's nginx with deploy/nginx/hall.conf
in front of two `hall serve` processes on PostgreSQL and Redis. Through nginx a number is
taken at the kiosk and called at a workstation, and the call reaches a board over the
proxied WebSocket, whichever process each request meets; static files come from disk; a 10 MB
body gets a clear refusal and changes nothing; the probes and /metrics answer."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from bench.server import free_port
from django.conf import settings
from django.db import connection
from playwright.sync_api import Browser, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.jobs import run_due_jobs
from hall.queueing.models import Ticket
from tests.browser.test_evaluation import log_in
from tests.browser.test_queue import take_household_ticket
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "hall.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@contextlib.contextmanager
def nginx_in_front_of(ports: list[int], static: Path) -> Iterator[str]:
    """deploy/nginx/hall.conf as it is, but for its upstreams, port and static folder."""
    prefix = Path(tempfile.mkdtemp(prefix="hall-nginx-"))
    prefix.chmod(0o755)
    for temporary in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):  # nginx's workers write there
        (prefix / temporary).mkdir(mode=0o777)
        (prefix / temporary).chmod(0o777)
    port = free_port()
    site = SITE.read_text()
    site = site.replace("server 127.0.0.1:8000;", "".join(f"server 127.0.0.1:{p}; " for p in ports))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/var/www/hall/static/", f"{static}/")
    (prefix / "nginx.conf").write_text(
        f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types;
  access_log {prefix}/access.log;
  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
{site}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603  # Debian's nginx with the test's own files
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is installed by .ci/run")
def test_a_call_through_nginx_reaches_a_board_over_the_proxied_socket(browser: Browser, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("the deployment runs on PostgreSQL and Redis (the CI's second run)")
    seed_demo()
    run_due_jobs()  # as the servers' jobs would have by now
    # nginx's workers run as another user: the static folder is readable by all, the data
    # directory is not (as deploy/ sets them up).
    static = Path(tempfile.mkdtemp(prefix="hall-static-"))
    static.chmod(0o755)
    subprocess.run(
        [sys.executable, "-m", "hall", "collectstatic", "--noinput"],
        env={**os.environ, "HALL_DATA_DIR": str(tmp_path), "HALL_STATIC_ROOT": str(static)},
        check=True,
        capture_output=True,
    )
    behind = {"HALL_TRUSTED_PROXIES": "127.0.0.1"}
    with (
        hall_server(**behind) as first,
        hall_server(**behind) as second,
        nginx_in_front_of([int(u.rsplit(":", 1)[1]) for u in (first, second)], static) as base,
    ):
        board = browser.new_context(locale="zh-CN").new_page()
        board.goto(f"{base}/board/demo/")
        expect(board.locator("[data-live-state]")).to_have_text("实时")
        kiosk = browser.new_context(locale="zh-CN").new_page()
        kiosk.add_init_script("window.print = () => {}")  # no printer in the test
        take_household_ticket(kiosk, base)
        expect(kiosk.locator("[data-number]")).to_have_text("A001")
        staff = log_in(browser, base, "chuangkou", DEMO_PASSWORD, "/window/demo/1/")
        staff.wait_for_function("() => document.body?.dataset.deskLive === '1'")
        staff.keyboard.press("n")
        expect(board.locator("[data-now-number]")).to_have_text("A001")

        # Static files from disk, everything else from Hall (with its request id).
        script = requests.get(f"{base}/static/queueing/live.js", timeout=5)
        assert script.status_code == 200 and "X-Request-ID" not in script.headers
        assert requests.get(f"{base}/media/x.pdf", timeout=5).status_code == 404
        # A 10 MB form: a clear refusal from Hall, no number; beyond 25 MB nginx refuses.
        big = requests.post(
            f"{base}/kiosk/demo/take/", data={"category": "household", "x": "x" * 10_000_000},
            timeout=30,
        )  # fmt: skip
        assert big.status_code == 422 and 'data-code="invalid_input">请求无效' in big.text
        huge = requests.post(f"{base}/kiosk/demo/take/", data=b"x" * 27_000_000, timeout=30)
        assert huge.status_code == 413 and "上传的内容过大" in huge.content.decode()
        assert Ticket.objects.count() == 1
        # The probes and the metrics, the latter for the machine itself only.
        assert requests.get(f"{base}/readyz", timeout=10).json()["status"] == "ok"
        metrics = requests.get(f"{base}/metrics", timeout=10)
        assert metrics.status_code == 200 and "hall_tickets_waiting" in metrics.text
