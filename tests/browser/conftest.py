"""Browser tests: Playwright driving Debian's Chromium against the app served in a thread
(the live_server fixture of tests/conftest.py)."""
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture
def browser_login(live_server, app, page):
    """Log a user in through the real login form; returns the page."""

    def do(username, password):
        page.goto(f"{live_server}/login")
        page.get_by_label("Логин").fill(username)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    return do


@pytest.fixture(scope="session")
def base_url(live_server):
    """Replaces pytest-base-url's fixture (which pytest 9 warns about) with our server."""
    return live_server


def settled(page) -> None:
    """Wait until htmx has wired what it swapped in: it does so when the swap settles (~20 ms
    on). A person cannot act that fast; a test can, and its keys or clicks would go unheard or
    follow a link's plain address instead."""
    from playwright.sync_api import expect
    expect(page.locator(".htmx-added, .htmx-settling, .htmx-swapping, .htmx-request")).to_have_count(0)
