"""The web app in a real browser: Debian's chromium driven by Playwright against `storyline serve`'s app on stores the
real pipeline built: the seed corpus, and examples/demo plus one hostile article.

- every page loads and shows its findings, with no script error;
- the reader's path works by clicking: story timeline -> event -> a report's document -> a highlighted actor;
- text from articles never executes: markup in a title, an outlet, a quote and an actor name is shown as text on
  every page that shows it, no injected element exists, and no injected handler ran;
- screenshots of each page go to docs/screenshots/ (the README shows them).

The test setup installs chromium (`make browser`, part of `make test`); Playwright's own browser download cannot work
offline, so Playwright is given Debian's executable. Outside CI a machine without chromium skips these tests.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from spacy.language import Language

from storyline.api import create_app
from storyline.config import Settings
from storyline.run import analyze
from tests.conftest import DEMO, REPO, SEEDS, need_shared

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (make browser installs it)", allow_module_level=True)
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

SCREENSHOTS = REPO / "docs" / "screenshots"
# Flags a root, offline, headless chromium needs: no sandbox as root, and no background calls to the internet.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Each payload sets window.__xss if it ever runs as script (a <script> body, an onerror handler).
SCRIPT = "<script>window.__xss='script'</script>"
IMAGE = "\"><img src=x onerror=\"window.__xss='img'\">"
HOSTILE = {
    "id": "hostile-feed-1",
    "title": f"Talks resume {SCRIPT}{IMAGE}",
    "outlet": f"Evil {IMAGE} Wire",
    "date": "2025-04-20",
    "url": "javascript:window.__xss='url'",
    "text": ("Minister Ana Petrova said on Monday that talks in Geneva would resume on Friday.\n\n"
             f"\"We will not accept {SCRIPT} any ultimatum {IMAGE} from anyone,\" Petrova said on Monday.\n"),
}
ACTOR_NAME = f"Ana {SCRIPT} Petrova {IMAGE}"


@pytest.fixture(scope="module")
def seed_store(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed articles (../shared/corpus/seeds, real reports of January 2022) analysed by the real pipeline:
    what the click-through tests walk and the screenshots show."""
    db = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    analyze([str(need_shared(SEEDS))], Settings(db=str(db)), None, nlp=nlp)
    return db


@pytest.fixture(scope="module")
def hostile_store(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus and the hostile article, analysed; then the hostile article's speaker renamed to markup in
    this copy of the store (the pipeline does not make such names from real text, a hostile store can hold one)."""
    folder = tmp_path_factory.mktemp("web-hostile")
    feed = folder / "hostile.jsonl"
    feed.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "story.db"
    analyze([str(DEMO), str(feed)], Settings(db=str(db)), None, nlp=nlp)
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT q.speaker_id FROM quotes q JOIN documents d ON d.pk = q.doc_pk "
                             "WHERE d.id = ? AND q.speaker_id IS NOT NULL", (HOSTILE["id"],)).fetchone()
        assert found, "the hostile article's quote has a speaker"
        conn.execute("UPDATE actors SET name = ? WHERE id = ?", (ACTOR_NAME, found[0]))
    return db


@contextmanager
def serving(store_file: Path) -> Iterator[str]:
    """`storyline serve`'s app on a free localhost port, in a thread; its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(str(store_file)), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def server(seed_store: Path) -> Iterator[str]:
    with serving(seed_store) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_server(hostile_store: Path) -> Iterator[str]:
    with serving(hostile_store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM, "chromium is missing: `make browser` installs Debian's package"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that records script errors, console errors and dialogs (an injected alert would open one)."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    opened = context.new_page()
    opened.errors = []  # type: ignore[attr-defined]
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))  # type: ignore[attr-defined]
    opened.on("console", lambda message: message.type == "error"  # a failed request, a bad SVG attribute ...
              and opened.errors.append(f"console: {message.text}"))  # type: ignore[attr-defined]
    opened.on("dialog", lambda dialog: (opened.errors.append(f"dialog {dialog.message}"),  # type: ignore[attr-defined]
                                        dialog.dismiss()))
    yield opened
    context.close()


def load(page: Page, url: str) -> Page:
    """Open a page and wait until its script has filled it (main[data-ready]); fail on a page error."""
    page.goto(url)
    page.wait_for_selector("main[data-ready]", timeout=20_000)
    assert page.locator("main").get_attribute("data-ready") == "true", page.locator("main").inner_text()
    assert page.errors == [], page.errors  # type: ignore[attr-defined]
    return page


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # charts finish drawing
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def assert_nothing_ran(page: Page) -> None:
    """No payload executed, and no element the payloads would inject exists."""
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("[...document.querySelectorAll('script')].every(s => s.src.startsWith(location.origin))")
    assert page.errors == [], page.errors  # type: ignore[attr-defined]


def test_reader_clicks_from_the_timeline_to_an_event_a_document_and_an_actor(page: Page, server: str) -> None:
    story = load(page, server + "/")
    assert story.locator("h1").inner_text() == "The story"
    assert story.locator(".digest-event").count() > 0
    assert story.locator("#articles svg").count() > 0  # articles by outlet and day
    story.wait_for_selector("#timeline .vis-item")
    shoot(story, "story")
    story.locator("#timeline .vis-item .item-text").first.click()
    story.wait_for_url("**/events/v*")
    event = load(story, story.url)
    assert event.locator("#sources").inner_text().endswith("copies of one article counted once")
    assert event.locator(".report mark").count() > 0  # the words the event was read from, marked in the passage
    shoot(event, "event")
    event.locator(".report a.doc").first.click()
    event.wait_for_url("**/documents/*?at=*")
    document = load(event, event.url)
    assert document.locator(".hl-at").count() > 0  # the passage the link pointed at
    for kind in ("actor", "event", "quote", "time"):
        assert document.locator(f"#reader .hl-{kind}").count() > 0, kind
    assert document.locator("#reader .speaker").count() > 0  # quotes carry their speaker
    document.evaluate("window.scrollTo(0, 0)")  # the screenshot shows the header, dating and flags
    shoot(document, "document")
    document.locator("#reader a.hl-actor").first.click()
    document.wait_for_url("**/actors/e*")
    actor = load(document, document.url)
    assert actor.locator("h1").inner_text()
    assert (actor.locator("#network canvas").count() > 0
            or "No events link this actor" in actor.locator("main").inner_text())


def test_actor_page_draws_the_network(page: Page, server: str) -> None:
    centre = most_connected(page, server)
    actor = load(page, f"{server}/actors/{centre}")
    assert actor.locator("#network canvas").count() > 0
    assert actor.locator(".panel h2").filter(has_text="Roles").count() == 1
    shoot(actor, "actor")


def most_connected(page: Page, server: str) -> str:
    """The id of the most mentioned actor whose network has edges."""
    actors = json.loads(page.request.get(server + "/api/actors?limit=20").text())["data"]
    return next(a["id"] for a in actors if json.loads(page.request.get(
        f"{server}/api/actors/{a['id']}/network").text())["data"]["edges"])


def test_actor_network_highlights_the_neighbours_of_a_clicked_node(page: Page, server: str) -> None:
    actor = load(page, f"{server}/actors/{most_connected(page, server)}")
    actor.wait_for_function("document.getElementById('network').cy !== undefined")
    faded = actor.evaluate("""() => {
        const cy = document.getElementById('network').cy;
        const node = cy.nodes('.centre')[0];
        node.emit('tap');
        return {faded: cy.elements('.faded').length, kept: node.closedNeighborhood().filter(':not(.faded)').length,
                size: node.closedNeighborhood().length};
    }""")
    assert faded["kept"] == faded["size"] and faded["faded"] >= 0
    assert "open its page" in actor.locator("#network-info").inner_text()


def test_claims_board_and_search_pages(page: Page, server: str) -> None:
    claims = load(page, server + "/claims")
    assert claims.locator(".claim-group").count() > 0
    assert claims.locator(".claim .claim-text").count() > 0
    shoot(claims, "claims")
    search = load(page, server + "/search?q=troops")
    assert search.locator(".hit").count() > 0
    assert search.locator(".hit mark").count() > 0  # hits highlighted
    days = search.locator(".facet").filter(has_text="Day").locator(".facet-value").all_inner_texts()
    assert days == sorted(days)  # dates ordered by date, not by count
    shoot(search, "search")
    search.locator(".facet").filter(has_text="Outlet").locator(".facet-value").first.click()
    load(search, search.url)
    assert "source=" in search.url


def test_markup_in_articles_is_shown_as_text_and_never_runs(page: Page, hostile_server: str) -> None:
    server = hostile_server
    hostile = HOSTILE["id"]
    document = load(page, f"{server}/documents/{hostile}")
    assert document.locator("h1").inner_text() == HOSTILE["title"]
    assert SCRIPT in document.locator("#reader").inner_text()
    assert document.locator("dd").filter(has_text="Evil").inner_text() == HOSTILE["outlet"]
    assert document.locator("a[href^='javascript']").count() == 0
    assert_nothing_ran(document)
    speaker = json.loads(page.request.get(f"{server}/api/documents/{hostile}").text())["data"]["findings"]["quotes"]
    actor_id = next(q["speaker"] for q in speaker if q["speaker"])
    actor = load(page, f"{server}/actors/{actor_id}")
    assert actor.locator("h1").inner_text() == ACTOR_NAME
    assert_nothing_ran(actor)
    for url in ("/", "/claims", "/search?q=ultimatum", f"/search?q={hostile.split('-')[0]}"):
        shown = load(page, server + url)
        assert_nothing_ran(shown)
    search = load(page, server + "/search?q=ultimatum")
    assert "window.__xss" in search.locator(".hit").first.inner_text()


def test_a_page_for_an_unknown_id_says_so(page: Page, server: str) -> None:
    page.goto(server + "/events/v999999")
    page.wait_for_selector("main[data-ready]")
    assert page.locator("main").get_attribute("data-ready") == "error"
    assert "no event" in page.locator(".error").inner_text()
