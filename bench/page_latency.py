"""How long each web page takes to be ready in a real browser, on a given store.

Starts `storyline serve`'s app on a free localhost port (tests/test_web.py `serving`), opens each page in Debian's
chromium (Playwright), and times from navigation to the page's script marking it ready (main[data-ready]: every API
call it makes answered and drawn). One warm-up load, then the median of --repeat loads. The pages' ids are picked
from the store: the most mentioned actor, the most salient event, the longest document among the first hundred.

    python bench/page_latency.py --db /tmp/big10k.db --repeat 5

Absolute times on a shared 2-core machine are noisy; compare pages within one run, and stores of different sizes
run one after the other.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time

from playwright.sync_api import sync_playwright

import repo_path  # noqa: F401  (the repository root on sys.path)
from storyline.store import EventFilter, open_store
from tests.test_web import CHROMIUM_FLAGS, serving


def pages(db: str) -> list[str]:
    """The pages to time, with ids from the store."""
    store = open_store(db, read_only=True)
    try:
        actor = store.actors(limit=1)[0]["id"]
        event = store.events(EventFilter(in_story=True, by_salience=True, limit=1))[0]["id"]
        documents = [row for _, row in zip(range(100), store.latest_documents(), strict=False)]
        document = max(documents, key=lambda row: len(row["text"]))["id"]
    finally:
        store.close()
    return ["/", f"/events/v{event}", f"/actors/e{actor}", f"/documents/{document}", "/claims",
            "/claims?disputed=true", "/search?q=troops"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed: `make browser`")
    with serving(args.db) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        print(f"store: {args.db}; median of {args.repeat} loads after one warm-up, ms to main[data-ready]\n")
        print("| page | median ms | max ms |")
        print("|---|---|---|")
        for path in pages(args.db):
            times = []
            for attempt in range(args.repeat + 1):
                start = time.perf_counter()
                page.goto(base + path)
                page.wait_for_selector("main[data-ready]", timeout=60_000)
                if attempt:
                    times.append((time.perf_counter() - start) * 1000)
            ready = page.locator("main").get_attribute("data-ready")
            print(f"| `{path}` | {statistics.median(times):.0f} | {max(times):.0f} |" +
                  ("" if ready == "true" else f" (page says {ready})"))
        browser.close()


if __name__ == "__main__":
    main()
