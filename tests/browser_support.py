"""What the browser tests need around Playwright: Debian's Chromium (never a download),
a real uvicorn server in a thread over a seeded database, and a guard on every page that
fails the test on a dialog, a script error, a console error or a request that leaves
localhost."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
REQUIRE_BROWSER_ENV = "PLANTRACK_TEST_REQUIRE_BROWSER"
CHROMIUM_ENV = "PLANTRACK_TEST_CHROMIUM"  # another browser binary than Debian's chromium
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # the network is closed: no update or sync pings
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--password-store=basic",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# A web page written to hurt whoever displays it: scripts, event handlers, javascript:
# links, and text that breaks out of a textarea or is a template expression. It also has
# one figure, so that its page has a highlighted statement among the hostile text.
HOSTILE_NAME = "hostile_notice.html"
HOSTILE_HTML = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>关于恶意内容测试的通知<script>alert(4)</script></title>
<link rel="canonical" href="javascript:alert(11)">
<meta property="og:url" content="javascript:alert(12)">
<script>alert(1)</script>
</head>
<body onload="alert(6)">
<h1>关于恶意内容测试的通知 <img src=x onerror=alert(2)></h1>
<p>为加快新能源汽车推广应用，到2025年，全市建成公共充电桩5000个。<script>alert(1)</script></p>
<p>请勿点击<a href="javascript:alert(3)">这个链接</a>，也不要把鼠标移到下面的文字上。</p>
<p onclick="alert(7)" onmouseover="alert(8)" style="background:url(javascript:alert(13))">鼠标悬停文字不会执行任何脚本。</p>
<svg onload="alert(9)"><circle r="5"></circle></svg>
<p>页面应当原样显示这些字面文字：&lt;script&gt;alert(1)&lt;/script&gt; 和 &lt;img src=x onerror=alert(2)&gt; 以及 &lt;svg onload=alert(9)&gt;。</p>
<p>还有这些：&lt;/textarea&gt;&lt;script&gt;alert(10)&lt;/script&gt; 与模板表达式 {{7*7}} 和 ${7*7}，都只是文字。</p>
<iframe src="javascript:alert(14)"></iframe>
<form action="javascript:alert(15)"><input name="q" onfocus="alert(16)" autofocus></form>
</body></html>
"""


def chromium_path() -> str:
    """Debian's Chromium (or the one PLANTRACK_TEST_CHROMIUM names); skip when it is
    missing, fail when PLANTRACK_TEST_REQUIRE_BROWSER is set (CI)."""
    wanted = os.environ.get(CHROMIUM_ENV)
    if wanted:
        path = wanted if Path(wanted).is_file() else shutil.which(wanted)
    else:
        path = shutil.which("chromium") or (
            "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None
        )
    if path is None:
        reason = (
            f"browser tests need Debian's chromium, not found as {wanted or 'chromium'} "
            "(apt-get install chromium fonts-noto-cjk)"
        )
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{REQUIRE_BROWSER_ENV} is set but {reason}")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "browser tests need playwright (pip install -e '.[dev]')"
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{REQUIRE_BROWSER_ENV} is set but {reason}")
        pytest.skip(reason)
    return path


# -- the database and the server ----------------------------------------------------------


class LiveServer:
    """A uvicorn server in a background thread on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self, timeout: float = 20.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        with contextlib.suppress(OSError):
            self.sock.close()


# -- the guard on every page --------------------------------------------------------------

# Runs before any script of every document: alert/confirm/prompt record that they were
# called (on the page, and through a binding in the test) before doing what they do.
DIALOG_HOOK = """
(() => {
  window.__plantrackDialogs = [];
  for (const name of ["alert", "confirm", "prompt"]) {
    const original = window[name];
    window[name] = function (...args) {
      const call = name + "(" + args.map(String).join(", ") + ")";
      window.__plantrackDialogs.push(call);
      try { window.__plantrackDialogCalled(call); } catch (e) {}
      return original.apply(this, args);
    };
  }
})();
"""


class Guard:
    """Everything a page must never do, as seen from the test."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.hooked: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.external: list[str] = []
        self.failed_requests: list[str] = []
        self.reported = False

    def attach(self, context: Any) -> None:
        """Before the context opens a page: the dialog hook and the network fence."""
        context.expose_binding(
            "__plantrackDialogCalled", lambda _source, call: self.hooked.append(call)
        )
        context.add_init_script(DIALOG_HOOK)
        context.route("**/*", self._route)

    def watch(self, page: Any) -> None:
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _request_failed(self, request: Any) -> None:
        failure = request.failure or ""
        # a download the page hands over, or a navigation that replaced a fetch, is no error
        if "ERR_ABORTED" not in failure:
            self.failed_requests.append(f"{request.method} {request.url}: {failure}")

    def problems(self, page: Any | None = None) -> list[str]:
        found = [f"dialog {d}" for d in self.dialogs]
        found += [f"alert/confirm/prompt called: {c}" for c in self.hooked]
        found += [f"uncaught page error: {e}" for e in self.page_errors]
        found += [f"console error: {e}" for e in self.console_errors]
        found += [f"request to another host: {u}" for u in self.external]
        found += [f"failed request: {r}" for r in self.failed_requests]
        if page is not None and not page.is_closed():
            with contextlib.suppress(Exception):  # a page in the middle of navigating
                calls = page.evaluate("window.__plantrackDialogs")
                if calls is None:
                    found.append("the dialog hook is missing from the page")
                else:
                    found += [f"alert/confirm/prompt called on the page: {c}" for c in calls]
        return found

    def check(self, page: Any | None = None) -> None:
        found = self.problems(page)
        if found:
            self.reported = True
            pytest.fail("the page guard saw:\n  " + "\n  ".join(found), pytrace=False)


def screenshot(page: Any, name: str) -> Path:
    """A full-page PNG in test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path
