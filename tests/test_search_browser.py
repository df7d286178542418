"""Search on the bundled site, in Debian's Chromium: real queries against the built Pagefind
index, facets, keyboard use, accessibility, and no index loaded before the reader searches."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from browsing import accessibility_violations, playwright_api
from feedserver import serve

REPO = Path(__file__).parent.parent
LOCK_FILE_DECISION = "decisions/0011-accept-pep-751-lock-file-format.html"


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    assert (bundled_site / "pagefind" / "pagefind-entry.json").is_file()
    return bundled_site


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def test_results_link_into_a_site_published_under_a_sub_path(
    browser: Any, site: Path, tmp_path: Path
) -> None:
    (tmp_path / "council").symlink_to(site, target_is_directory=True)
    with serve(tmp_path) as url:
        _, found = search(browser, url + "council/", "PC-0011")
    assert found[0] == "council/" + LOCK_FILE_DECISION


def search(browser: Any, site_url: str, query: str, **facets: str) -> tuple[str, list[str]]:
    """The status line and the addresses of the results, in order, for a search page address."""
    page = browser.new_page()
    extra = "".join(f"&{key}={quote_plus(value)}" for key, value in facets.items())
    page.goto(f"{site_url}search.html?q={quote_plus(query)}{extra}")
    status = page.locator("#council-search-status")
    playwright_api.expect(status).to_contain_text(re.compile("result|No page"), timeout=20000)
    hrefs = page.eval_on_selector_all(
        "a.council-search__title", "links => links.map(a => a.getAttribute('href'))"
    )
    text = status.inner_text()
    page.close()
    return text, [href.lstrip("/") for href in hrefs]


@pytest.mark.parametrize("query", ["751", "PEP 751", "pep751", "PEP-751"])
def test_a_pep_number_finds_its_page_and_its_decision_first(
    browser: Any, site_url: str, query: str
) -> None:
    _, found = search(browser, site_url, query)
    assert set(found[:2]) == {"peps/pep-0751.html", LOCK_FILE_DECISION}


@pytest.mark.parametrize("query", ["PC-0011", "pc0011", "pc11", "PC 11", "pc-11", "PC0011"])
def test_a_record_id_finds_the_record_first(browser: Any, site_url: str, query: str) -> None:
    _, found = search(browser, site_url, query)
    assert found[0] == LOCK_FILE_DECISION


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lock file", LOCK_FILE_DECISION),
        ("editable installs", "decisions/0006-accept-pep-660-editable-installs.html"),
        ("trusted publishing", "pathways/maintaining-releases.html"),
        (
            "externally managed",
            "decisions/0007-accept-pep-668-externally-managed-environments.html",
        ),
        ("pylock.toml", LOCK_FILE_DECISION),
        ("trsuted publishing", "pathways/maintaining-releases.html"),
    ],
)
def test_words_put_the_matching_decision_or_pathway_in_the_top_three(
    browser: Any, site_url: str, query: str, expected: str
) -> None:
    source = expected.removesuffix(".html")
    assert (REPO / f"{source}.md").exists() or (REPO / f"{source}.yaml").exists(), source
    _, found = search(browser, site_url, query)
    assert expected in found[:3], found[:5]


# What readers type, and the page that must come first: the standard for a standard's words
# (its decision just after it), the pathway for a task, the easier pathway for a newcomer's task.
FIRST_RESULTS = [
    ("metadata 2.4", "peps/pep-0639.html"),
    ("license expression", "peps/pep-0639.html"),
    ("pep 639", "peps/pep-0639.html"),
    ("PEP 772", "peps/pep-0772.html"),
    ("pep-517", "peps/pep-0517.html"),
    ("how do I publish a package", "pathways/first-release.html"),
    ("manylinux", "peps/pep-0600.html"),
    ("yank a release", "peps/pep-0592.html"),
    ("wheel format", "peps/pep-0427.html"),
    ("build backend", "peps/pep-0517.html"),
    ("dependency groups", "peps/pep-0735.html"),
    ("inline script metadata", "peps/pep-0723.html"),
    ("attestations", "peps/pep-0740.html"),
    ("version specifiers", "peps/pep-0440.html"),
    ("editable install", "peps/pep-0660.html"),
    ("externally managed environment", "peps/pep-0668.html"),
    ("json simple api", "peps/pep-0691.html"),
    ("emscripten", "peps/pep-0783.html"),
    ("archived project", "peps/pep-0792.html"),
    ("deleting releases from pypi", "peps/pep-0763.html"),
    ("coming from npm", "pathways/from-npm-or-cargo.html"),
    ("data science", "pathways/research-environments.html"),
    ("ship an application", "pathways/shipping-applications.html"),
    ("lock file for an application", "pathways/shipping-applications.html"),
    ("start here", "pathways/start-here.html"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST_RESULTS)
def test_a_readers_query_puts_the_page_they_mean_first(
    browser: Any, site_url: str, query: str, expected: str
) -> None:
    _, found = search(browser, site_url, query)
    assert found[:1] == [expected], found[:5]


@pytest.mark.parametrize("query", ["metadata 2.4", "2.4"])
def test_digits_in_a_version_never_match_a_pep_number(
    browser: Any, site_url: str, query: str
) -> None:
    _, found = search(browser, site_url, query)
    # "2.4" is the word "24" to the index, which begins PEP 241's and 243's numbers.
    assert not {"peps/pep-0241.html", "peps/pep-0243.html"} & set(found), found


@pytest.mark.parametrize("query", ["751", "license expression", "PC-0011"])
def test_excerpts_are_the_pages_text_not_their_aliases(
    browser: Any, site_url: str, query: str
) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}search.html?q={quote_plus(query)}")
    summaries = page.locator(".council-search__summary")
    playwright_api.expect(summaries.first).to_be_visible(timeout=20000)
    for text in summaries.all_inner_texts():
        assert " · " not in text and not text.startswith("."), text
    page.close()


def test_after_enter_the_first_result_has_the_focus(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "index.html")
    page.keyboard.press("/")
    field = page.locator("#pst-search-dialog input[type='search']")
    playwright_api.expect(field).to_be_focused()
    field.fill("lock file")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=lock+file*")
    first = page.locator("a.council-search__title").first
    playwright_api.expect(first).to_be_focused(timeout=20000)
    page.keyboard.press("ArrowDown")
    playwright_api.expect(page.locator("a.council-search__title").nth(1)).to_be_focused()
    page.close()


def test_a_typo_says_what_was_searched_instead(browser: Any, site_url: str) -> None:
    status, _ = search(browser, site_url, "trsuted publishing")
    assert "for “trusted publishing” (you typed “trsuted publishing”)" in status


def test_facets_combine_and_show_counts(browser: Any, site_url: str) -> None:
    _, everything = search(browser, site_url, "lock file")
    _, decisions = search(browser, site_url, "lock file", kind="Decision")
    # The facet keeps the decisions and drops the rest (``everything`` is the first 20 only).
    assert decisions and set(everything) - set(decisions)
    records = {href for href in everything if re.match(r"decisions/\d{4}-", href)}
    assert records <= set(decisions)
    assert all(href.startswith("decisions/") for href in decisions)
    _, rejected = search(
        browser, site_url, "", kind="Decision", status="Rejected", area="Standards"
    )
    assert rejected and all(href.startswith("decisions/") for href in rejected)
    assert all("reject" in href for href in rejected)
    page = browser.new_page()
    page.goto(f"{site_url}search.html?q=lock+file")
    page.locator("#council-search-filters > summary").click()
    option = page.locator("label[for='facet-kind-Decision']")
    playwright_api.expect(option).to_have_text(f"Decision ({len(decisions)})", timeout=20000)
    option.click()
    playwright_api.expect(page.locator("#council-search-status")).to_have_text(
        f"{len(decisions)} result{'s' if len(decisions) > 1 else ''}."
    )
    assert "kind=Decision" in page.url
    page.close()


def test_the_facet_counts_are_fetched_only_when_the_reader_opens_the_filters(
    browser: Any, site_url: str
) -> None:
    page = browser.new_page()
    chunks: list[str] = []
    page.on(
        "request",
        lambda request: (
            chunks.append(request.url)
            if "/pagefind/" in request.url and ".pf_" in request.url
            else None
        ),
    )
    page.goto(f"{site_url}search.html")
    # A record id: the one query whose own searches never look up a PEP's mark (which sits in
    # the index beside the facets' words), so the chunks the counts need are not yet loaded.
    page.locator("#council-search-query").fill("PC-0011")
    page.locator("#council-search-query").press("Enter")
    status = page.locator("#council-search-status")
    playwright_api.expect(status).to_contain_text("result", timeout=20000)
    page.wait_for_load_state("networkidle")
    searched = list(chunks)
    filters = page.locator("#council-search-filters")
    playwright_api.expect(filters).to_be_visible()
    assert filters.evaluate("details => details.open") is False
    assert page.locator(".council-search__count").count() == 0
    filters.locator("summary").click()
    option = page.locator("label[for='facet-kind-Decision']")
    playwright_api.expect(option).to_have_text(re.compile(r"^Decision \(\d+\)$"), timeout=20000)
    page.wait_for_load_state("networkidle")
    # The counts are searches of the facets' words: their index chunks come only now.
    counted = chunks[len(searched) :]
    assert [url for url in counted if "/index/" in url], (searched, counted)
    assert not set(counted) & set(searched)
    # Opened once, the counts follow each new search without another click.
    page.locator("#council-search-query").fill("PEP 751")
    page.locator("#council-search-query").press("Enter")
    # The address changes as the search starts; the status says "result" once it is shown,
    # and by then the previous counts are gone.
    page.wait_for_url("**/search.html?q=PEP+751*")
    playwright_api.expect(status).to_contain_text("result", timeout=20000)
    playwright_api.expect(option).to_have_text(re.compile(r"^Decision \(\d+\)$"), timeout=20000)
    page.close()


def test_facets_chosen_in_the_address_are_shown_open(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}search.html?q=lock+file&kind=Decision")
    filters = page.locator("#council-search-filters")
    playwright_api.expect(filters.locator("summary")).to_have_text(
        "Filters: Decision", timeout=20000
    )
    playwright_api.expect(page.locator("#facet-kind-Decision")).to_be_checked()
    assert filters.evaluate("details => details.open") is True
    page.close()


def test_an_unknown_facet_value_is_named(browser: Any, site_url: str) -> None:
    status, found = search(browser, site_url, "PC-0011", kind="Bogus")
    assert "This site has no kind “Bogus”; it was left out." in status
    assert found[0] == LOCK_FILE_DECISION


def test_results_show_the_summary_and_the_status(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}search.html?q=PC-0011")
    first = page.locator(".council-search__result").first
    playwright_api.expect(first.locator(".council-search__badge")).to_have_text(
        "Accepted", timeout=20000
    )
    playwright_api.expect(first.locator(".council-search__summary")).to_contain_text(
        "standard lock file format, pylock.toml"
    )
    page.close()


def test_the_keyboard_reaches_search_and_its_results(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + LOCK_FILE_DECISION)
    page.keyboard.press("/")
    field = page.locator("#pst-search-dialog input[type='search']")
    playwright_api.expect(field).to_be_focused()
    field.fill("PEP 751")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=PEP+751*")
    results = page.locator("a.council-search__title")
    playwright_api.expect(results.first).to_be_visible(timeout=20000)
    page.locator("#council-search-query").focus()
    page.keyboard.press("ArrowDown")
    playwright_api.expect(results.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    playwright_api.expect(results.nth(1)).to_be_focused()
    target = results.nth(1).get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    page.close()


def test_no_page_loads_the_index_before_the_reader_searches(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for path in ("", LOCK_FILE_DECISION, "pathways/start-here.html", "peps/pep-0751.html"):
        page.goto(site_url + path)
    assert fetched, "the pages were not loaded"
    assert [url for url in fetched if "pagefind" in url or "searchindex" in url] == []
    page.close()


def test_without_javascript_the_search_page_says_so_and_links_to_listings(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search.html?q=lock")
    notice = page.locator("noscript .admonition, .admonition:has-text('Search needs JavaScript')")
    playwright_api.expect(notice.first).to_contain_text("Search needs JavaScript")
    links = page.locator(".council-search .admonition a").all_inner_texts()
    assert len(links) == 3, links
    context.close()


def test_the_search_button_is_named_by_what_it_shows(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url)
    button = page.locator("button.search-button-field").first
    playwright_api.expect(button).to_be_visible()
    name = button.evaluate("b => b.getAttribute('aria-label')")
    assert name is None  # named by its content: "Search Ctrl + K"
    assert "Search" in button.inner_text() and "K" in button.inner_text()
    page.close()


PAGE_KINDS = [
    "",
    "search.html?q=lock+file",
    LOCK_FILE_DECISION,
    "peps/pep-0751.html",
    "pathways/start-here.html",
    "this-week/2026-W46.html",
    "decisions/area/pypi.html",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_is_free_of_serious_accessibility_violations(
    browser: Any, site_url: str, scheme: str
) -> None:
    found = accessibility_violations(browser, site_url, PAGE_KINDS, scheme)
    assert found == {path: [] for path in PAGE_KINDS}
