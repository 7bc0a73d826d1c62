"""Fixtures of the browser suite: one live two-province site per session, one
Chromium (Debian's, never a Playwright download), a fresh context per test, a
screenshot of each test's final state and an axe-core check."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.e2e.harness import SERVER_DATABASE_URL, running
from tests.search.conftest import OPENSEARCH_URL, require_node
from tests.support.smtp_sink import SmtpSink

from .harness import BrowserSite

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCREENSHOTS = ROOT / "var" / "test-output" / "browser"
CHROMIUM = os.environ.get("DOENERS_CHROMIUM", "/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"


def _required(message):
    """Under CI a missing tool fails the suite; locally it skips with the reason."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def live(smtp_sink):
    require_node()
    redis_url = os.environ.get("DOENERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    logdir = tempfile.mkdtemp(prefix="doeners-browser-")
    site = BrowserSite(SERVER_DATABASE_URL, OPENSEARCH_URL, redis_url, smtp_sink.port, logdir)
    yield from running(site)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _required(f"{CHROMIUM} is missing: `bash .ci/services.sh chromium` installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        yield browser
        browser.close()


def _context(browser, **options):
    options.setdefault("locale", "en-GB")
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def new_context(browser, request):
    """Factory of browser contexts; each context's last page is screenshotted at the
    end of the test as var/test-output/browser/<test>[-n].png."""
    contexts = []

    def factory(**options):
        context = _context(browser, **options)
        contexts.append(context)
        return context

    yield factory
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for n, context in enumerate(contexts):
        pages = [p for p in context.pages if not p.is_closed()]
        if pages:
            suffix = f"-{n}" if n else ""
            pages[-1].screenshot(
                path=SCREENSHOTS / f"{request.node.name}{suffix}.png", full_page=True
            )
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(scope="session")
def axe_source():
    """axe-core from npm, pinned in tests/browser/package.json (installed on demand)."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            _required("npm is missing; it installs axe-core for the accessibility check.")
        command = "ci" if (HERE / "package-lock.json").exists() else "install"
        subprocess.run(
            [npm, command, "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True, timeout=300
        )
    return AXE.read_text()


@pytest.fixture
def axe(axe_source):
    """``axe(page)`` -> the serious/critical violations on the page (WCAG A/AA rules)."""

    def run(page):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_source)
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
        )
        assert result["passes"], "axe checked nothing: was the page empty?"
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run
