"""Browser fixtures: the built site served on 127.0.0.1 and opened in Debian's headless Chromium.

Where Chromium is missing every test here is skipped (under CI, failed) before the site is built for it.

Every page a test opens records what a reader would notice going wrong: a console error, an
uncaught exception, a request to any host but the local server (refused, so the site is proven to
work offline). A test fails on any of them when it ends.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
HOST = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """A static file server for `folder` on a free port of 127.0.0.1, running in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session", autouse=True)
def _chromium_first(chromium: str) -> None:
    """Asks for Chromium ahead of the session's other fixtures (autouse ones come first), so a missing one
    skips a test before the site it would open is built."""


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    server = serve(built_site)
    yield f"http://{HOST}:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def served() -> Iterator[Callable[[Path], str]]:
    """Serve another built site for the length of a test: folder -> its URL."""
    servers = []

    def start(folder: Path) -> str:
        servers.append(serve(folder))
        return f"http://{HOST}:{servers[-1].server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")  # not longer: Playwright's sync API allows one instance at a time
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What went wrong while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    downloaded: dict[str, int] = field(default_factory=dict)  # URL -> bytes, for every response

    def problems(self) -> list[str]:
        return ([f"console error: {e}" for e in self.console_errors]
                + [f"request to another host: {url}" for url in self.foreign_requests])


def watch(page: Page, seen: Watch) -> None:
    def route(route: Route) -> None:
        if urlsplit(route.request.url).hostname == HOST:
            route.continue_()
        else:
            seen.foreign_requests.append(route.request.url)
            route.abort()

    def response(response) -> None:
        if response.status == 200:
            seen.downloaded[response.url] = len(response.body())

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and seen.console_errors.append(message.text))
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    page.on("response", response)


@pytest.fixture
def seen() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Browser, site_url: str, seen: Watch) -> Iterator[Page]:
    """A fresh browser page; the test fails if any page it visits logs an error or leaves 127.0.0.1."""
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch(tab, seen)
    yield tab
    context.close()
    assert not seen.problems(), "\n".join(seen.problems())
