"""The newsletter's pages in Debian's Chromium with the site's theme: accessible (axe, light and
dark) and readable on a 360 px phone; and an issue's e-mail edition as a mail client shows it."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import pytest

from browsing import (
    PHONE,
    accessibility_violations,
    build_themed_site,
    horizontal_overflow,
    save_screenshot,
)
from feedserver import serve

PAGES = [
    "index.html",
    "this-week.html",
    "this-week/2026-W42.html",
    "feeds.html",
    "decisions-index.html",
]


def _as_of_5_november(src: Path) -> None:
    # A comment period closes on 9 November: the decisions index says "closing soon".
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('council_build_date = "2026-11-05"\n')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("newsletter-browser")
    return build_themed_site("test-newsletter", work, _as_of_5_november)


@pytest.fixture(scope="module")
def site_url(built: Path) -> Iterator[str]:
    with serve(built) as url:
        yield url


def test_the_email_edition_renders_on_a_phone_without_fetching_anything(
    browser: object, built: Path
) -> None:
    raw = (built / "this-week" / "2026-W42.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(("html",))
    assert body is not None
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(body.get_content())
    assert page.locator("h1").inner_text() == message["Subject"]
    assert page.get_by_role("heading", name="Open for comment").is_visible()
    assert horizontal_overflow(page) <= 0
    links = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert links and all(link.startswith(("https://", "http://")) for link in links)
    # No image, font, stylesheet or script to fetch: what arrives is all there is.
    assert requests == []
    save_screenshot(page, "digest-email-phone.png")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_newsletter_pages_have_no_accessibility_violations(
    browser: object, site_url: str, scheme: str
) -> None:
    found = accessibility_violations(browser, site_url, PAGES, scheme)
    assert found == {path: [] for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_newsletter_pages_fit_a_phone_screen(browser: object, site_url: str, path: str) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.goto(site_url + path)
    assert horizontal_overflow(page) <= 0
    if path == "this-week/2026-W42.html":
        save_screenshot(page, "digest-page-phone.png")
    page.close()


def test_council_digest_email_of_the_bundled_site_renders(
    browser: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_council.cli import main  # noqa: PLC0415

    monkeypatch.chdir(Path(__file__).parent.parent)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    out = tmp_path / "2026-W16.eml"
    assert main(["digest", "2026-W16", "--format", "email", "--output", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    body = message.get_body(("html",))
    assert body is not None
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.set_content(body.get_content())
    assert page.get_by_role("heading", name="Standards").is_visible()
    assert page.get_by_text("This Week in Packaging starts in the week PEP 772").is_visible()
    assert horizontal_overflow(page) <= 0
    page.close()
