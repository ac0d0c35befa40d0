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


def _sign_in_as(page: Page, live_url: str, who: str) -> None:
    page.goto(f"{live_url}/app/sign-in")
    page.get_by_role("button", name=f"Sign in as {who}").click()
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
    for _ in range(accept.count()):  # each accept reloads the page with one fewer
        with page.expect_navigation():
            accept.first.click()
    expect(page.locator("tr.suggested")).to_have_count(0)
    after = _matches(page, live_url)
    assert after != before  # the new skills change the ranking and its reasons
    page.get_by_role("button", name=re.compile(r"^Save ")).first.click()
    expect(page).to_have_url(re.compile(r"/app/me/opportunities#opening-\d+$"))


def _crawl(page: Page, live_url: str, start: str) -> dict[str, str]:
    """Every /app page reachable by links from `start`: url -> main text."""
    seen: dict[str, str] = {}
    errors: list[str] = []  # a blocked script or stylesheet (CSP) shows up here
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
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
        assert [e for e in errors if "404" not in e] == [], (url, errors)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            download = parts.path.endswith("/export")  # a file, not a page
            if (
                parts.path.startswith("/app")
                and not parts.path.startswith("/app/static")
                and not download
            ):
                todo.append(f"{live_url}{parts.path}{'?' + parts.query if parts.query else ''}")
    return seen


def test_an_employee_sees_no_one_else_and_every_page_is_labelled(page: Page, live_url: str) -> None:
    _sign_in_as_employee(page, live_url)
    pages = _crawl(page, live_url, "/app/me")
    assert {"/app/me", "/app/me/opportunities"} <= {urlsplit(u).path for u in pages}
    for url, html in pages.items():
        assert EMAIL.findall(html) == [], f"{url} shows an email address"


@pytest.mark.parametrize(
    ("who", "paths"),
    [
        ("employee", ("/app/me", "/app/me/opportunities", "/app/me/career")),
        ("A recruiter", ("/app/openings", "/app/search")),
        ("An HR admin", ("/app/admin/taxonomy", "/app/admin/roles")),
    ],
)
def test_every_action_is_reachable_from_the_keyboard(
    page: Page, live_url: str, who: str, paths: tuple[str, ...]
) -> None:
    if who == "employee":
        _sign_in_as_employee(page, live_url)
    else:
        _sign_in_as(page, live_url, who)
    for path in paths:
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


def test_the_recruiter_creates_an_opening_from_a_description_and_shortlists(
    page: Page, live_url: str
) -> None:
    _sign_in_as(page, live_url, "A recruiter")
    page.get_by_role("link", name="New opening").click()
    page.get_by_label("Title").fill("Platform engineer")
    page.get_by_label("Kind").select_option("job")
    page.get_by_label("Description (the requirements are proposed from it)").fill(CV)
    page.get_by_role("button", name="Create opening").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Platform engineer")
    accept = page.get_by_role("button", name=re.compile(r"^Accept "))
    assert accept.count() > 0  # requirements proposed from the description
    for _ in range(accept.count()):
        with page.expect_navigation():
            accept.first.click()
    expect(accept).to_have_count(0)
    page.get_by_role("link", name="See ranked candidates").click()
    first = page.locator("li.match").first
    name = first.get_by_role("heading", level=2).inner_text()
    first.get_by_label("Reason").fill("strong platform work")
    first.get_by_label("Decision").select_option("shortlist")
    first.get_by_role("button", name=re.compile(r"^Record decision for ")).click()
    shortlisted = page.locator("li.match", has_text=name.strip()).first
    expect(shortlisted.locator(".tag")).to_have_text("shortlisted")


def test_the_admin_merges_two_skills_and_profiles_follow(page: Page, live_url: str) -> None:
    _sign_in_as(page, live_url, "An HR admin")
    page.goto(f"{live_url}/app/admin/taxonomy?q=python")
    python = page.locator("tbody tr", has_text="Python").first.locator("td").first.inner_text()
    page.goto(f"{live_url}/app/admin/taxonomy?q=go")
    go = (
        page.locator("tbody tr")
        .filter(has=page.get_by_role("rowheader", name="Go", exact=True))
        .locator("td")
        .first.inner_text()
    )
    page.get_by_label("Skill id to retire").fill(python.strip())
    page.get_by_label("Skill id that stays").fill(go.strip())
    page.get_by_label("Reason").fill("one language team")
    page.get_by_role("button", name="Apply").click()
    done = page.get_by_role("status")
    expect(done).to_contain_text("profiles followed")
    moved = int(re.search(r"(\d+) profiles followed", done.inner_text()).group(1))  # type: ignore[union-attr]
    assert moved > 0


def test_recruiter_and_admin_pages_are_labelled(page: Page, live_url: str) -> None:
    for who, start in (("A recruiter", "/app/openings"), ("An HR admin", "/app/admin/taxonomy")):
        _sign_in_as(page, live_url, who)
        pages = _crawl(page, live_url, start)
        assert len(pages) >= 3, who
