"""Headless Chromium (Debian's package) driven by Playwright, against pytest's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.signin import authenticator_for, needs_second_factor, totp_code

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required for the browser journeys: {CHROMIUM} not found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """The journeys are about pages, not delivery: Celery tasks run in the server thread."""
    from config import celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name): keep a full-page PNG under test-artifacts/screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def browser_login():
    """Log in through the pages. A user who must give a second factor has an authenticator
    (set up now if missing) and enters its current code, computed here as the app would."""

    def _login(page, username, password="matkhau-Demo-2025"):
        user = get_user_model().objects.get(username=username)
        device = authenticator_for(user) if needs_second_factor(user) else None
        page.goto(f"{page.base_url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        if device is not None:
            page.wait_for_url("**/two-factor/verify/**")
            page.fill("input[name=code]", totp_code(device))
            page.click("main button.primary")
        page.wait_for_url(f"{page.base_url}/")

    return _login


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).resolve().parent
    for item in items:
        if browser_dir in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)
