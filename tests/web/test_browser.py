"""The web app in a real browser (Chromium through Playwright) against a live service:
the employee's journey, no other person's data on an employee's pages, titles and labels
on every page, and every action reachable from the keyboard."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CV = (
    "Backend engineer. I build services in Python and Go, deploy them on Kubernetes with "
    "Terraform, and keep PostgreSQL databases fast. I mentor two junior developers."
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FIELDS_WITHOUT_LABEL = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea')]
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
    .map(e => e.name || e.id)"""


def _sign_in_as_employee(page: Page, live_url: str) -> None:
    page.goto(f"{live_url}/app")
    expect(page).to_have_url(re.compile(r"/app/sign-in$"))
    page.get_by_role("button", name=re.compile(r"^Sign in as ")).first.click()
    expect(page).to_have_url(re.compile(r"/app/me$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _matches(page: Page, live_url: str) -> str:
    page.goto(f"{live_url}/app/me/opportunities")
    return page.locator("main").inner_text()


def test_the_employee_adds_skills_from_a_pasted_cv_and_opportunities_change(
    page: Page, live_url: str
) -> None:
    _sign_in_as_employee(page, live_url)
    before = _matches(page, live_url)
    page.goto(f"{live_url}/app/me")
    page.get_by_label("Paste a CV or a project write-up").fill(CV)
    page.get_by_role("button", name="Suggest skills").click()
    expect(page.get_by_role("heading", name="Found in your text")).to_be_visible()
    expect(page.locator("ul.found q").first).to_be_visible()  # the words behind each skill
    accept = page.get_by_role("button", name=re.compile(r"^Accept "))
    assert accept.count() > 0
    while accept.count():
        accept.first.click()
        page.wait_for_load_state()
    expect(page.locator("tr.suggested")).to_have_count(0)
    after = _matches(page, live_url)
    assert after != before  # the new skills change the ranking and its reasons
    page.get_by_role("button", name=re.compile(r"^Save ")).first.click()
    expect(page).to_have_url(re.compile(r"/app/me/opportunities#opening-\d+$"))


def _crawl(page: Page, live_url: str, start: str) -> dict[str, str]:
    """Every /app page reachable by links from `start`: url -> main text."""
    seen: dict[str, str] = {}
    todo = [urljoin(live_url, start)]
    while todo and len(seen) < 30:
        url = todo.pop()
        if url in seen:
            continue
        page.goto(url)
        seen[url] = page.content()
        title = page.title()
        assert title.endswith("· talentmarket"), (url, title)
        assert page.evaluate(FIELDS_WITHOUT_LABEL) == [], url
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if parts.path.startswith("/app") and not parts.path.startswith("/app/static"):
                todo.append(f"{live_url}{parts.path}{'?' + parts.query if parts.query else ''}")
    return seen


def test_an_employee_sees_no_one_else_and_every_page_is_labelled(page: Page, live_url: str) -> None:
    _sign_in_as_employee(page, live_url)
    pages = _crawl(page, live_url, "/app/me")
    assert {"/app/me", "/app/me/opportunities"} <= {urlsplit(u).path for u in pages}
    for url, html in pages.items():
        assert EMAIL.findall(html) == [], f"{url} shows an email address"


def test_every_action_is_reachable_from_the_keyboard(page: Page, live_url: str) -> None:
    _sign_in_as_employee(page, live_url)
    for path in ("/app/me", "/app/me/opportunities"):
        page.goto(f"{live_url}{path}")
        total = page.evaluate(
            """() => { const all = [...document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, textarea, summary')]
                .filter(e => e.offsetParent !== null || e.tagName === 'SUMMARY');
              all.forEach((e, i) => e.dataset.tab = String(i)); return all.length; }"""
        )
        reached: set[str] = set()
        for _ in range(total + 5):
            page.keyboard.press("Tab")
            mark = page.evaluate("() => document.activeElement?.dataset?.tab ?? ''")
            if mark:
                reached.add(mark)
        assert len(reached) == total, f"{path}: {total - len(reached)} actions not reachable"
