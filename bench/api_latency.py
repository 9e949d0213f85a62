"""Latency and body size of each API request on one or more stores, through FastAPI's TestClient in this process
(storyline.api.app.create_app): one warm-up call, then --repeat calls; the median time and the body size of each.

    PYTHONPATH=src .venv/bin/python bench/api_latency.py --db big.db [--db big10k.db] [--repeat 20] [--json out.json]
    PYTHONPATH=src .venv/bin/python bench/api_latency.py --db big.db --db postgresql://me@host/big  # both backends

With several --db the table has one column per store and the ratio of the last store's median to the first's (how a
request grows with the store). The requests are `REQUESTS`, one line each: `{actor}`, `{event}`, `{claim}`, `{doc}`,
`{source}`, `{since}` and `{until}` are filled from the first store (PICKS: the most mentioned actor, the most
mentioned event, the top claim, the document with the most event mentions, the outlet with the most articles, a
31-day window ending on the median publication date); ids picked there exist in a store grown from it
(bench/grow_store.py keeps the source's ids). A request whose path no route of the app matches, or that answers 404
(an endpoint not written yet, or one a detail route takes for an id), is skipped with a note; any other status is
reported beside its time.

Times are wall-clock medians in milliseconds of the whole request in the test client (routing, the read-only
connection opened per request, the store reads, JSON encoding); they are absolute times on whatever machine runs
this, so compare them within one run.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import time
import warnings
from pathlib import Path
from typing import Any

from starlette.routing import Match

from storyline.api.app import create_app
from storyline.store import open_store

with warnings.catch_warnings():  # starlette prefers httpx2 to httpx for its test client; both work
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# One request a line; add one by adding a line.
REQUESTS = [
    "/api/health",
    "/api/documents?limit=50",
    "/api/documents?source={source}&limit=50",
    "/api/documents?since={since}&until={until}&limit=50",
    "/api/documents?source={source}&since={since}&until={until}&limit=50",
    "/api/documents/{doc}",
    "/api/actors?limit=50",
    "/api/actors?type=person&limit=50",
    "/api/actors?q=putin&limit=50",
    "/api/actors?q=zelensky&type=person&limit=50",
    "/api/actors/{actor}",
    "/api/events?limit=50",
    "/api/events?story=true&limit=50",
    "/api/events?actor={actor}&limit=50",
    "/api/events?actor={actor}&start={since}&end={until}&limit=50",
    "/api/events?start={since}&end={until}&limit=50",
    "/api/events/{event}",
    "/api/claims?limit=50",
    "/api/claims?disputed=true&limit=50",
    "/api/claims?actor={actor}&limit=50",
    "/api/claims/{claim}",
    "/api/quantities?limit=50",
    "/api/sources",
    "/api/search?q=troops&limit=50",
    # what the web app's pages read besides the lists above
    "/api/story?days=8",
    "/api/timeline?limit=60",
    "/api/timeline?start={since}&end={until}&limit=60",
    "/api/actors/{actor}/network",
    "/api/actors/{actor}/quotes?limit=10",
    "/api/actors/{actor}/documents?limit=10",
    "/api/events?actor={actor}&role=actor&limit=10",
    "/api/events?q=troops&limit=15",
    "/api/claims/board?limit=30",
    "/api/claims/board?disputed=true&limit=30",
    "/api/search?q=troops&limit=20",
    "/api/search/facets?q=troops",
]

# The values the requests' placeholders take, each read from the first store by one query.
PICKS = {
    "actor": "SELECT 'e' || id FROM actors ORDER BY mentions DESC, id LIMIT 1",
    "event": "SELECT 'v' || id FROM events ORDER BY mentions DESC, id LIMIT 1",
    "claim": "SELECT 'c' || id FROM claims ORDER BY sources DESC, reports DESC, date, id LIMIT 1",
    "doc": "SELECT d.id FROM documents d JOIN event_mentions m ON m.doc_pk = d.pk "
           "GROUP BY d.pk ORDER BY COUNT(*) DESC, d.pk LIMIT 1",
    "source": "SELECT source FROM documents WHERE source IS NOT NULL GROUP BY source ORDER BY COUNT(*) DESC, source "
              "LIMIT 1",
    "until": "SELECT substr(published, 1, 10) FROM documents WHERE published IS NOT NULL ORDER BY published "
             "LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM documents WHERE published IS NOT NULL)",
    "since": "SELECT date(:until, '-30 days')",
}


def picks(db: Path) -> dict[str, str]:
    """The placeholder values, from the SQLite store at `db` (read-only)."""
    values: dict[str, str] = {}
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as conn:
        for name, sql in PICKS.items():
            values[name] = conn.execute(sql, values).fetchone()[0]
    return values


def routed(app: Any, path: str) -> bool:
    """Whether a route of the app matches this path for GET."""
    scope = {"type": "http", "path": path.split("?")[0], "method": "GET"}
    return any(route.matches(scope)[0] == Match.FULL for route in app.routes)


def measure(db: str, requests: list[str], repeat: int) -> dict[str, dict[str, Any]]:
    """Per request: status, median ms, body KiB (None when the route does not exist)."""
    app = create_app(str(db))
    client = TestClient(app, raise_server_exceptions=False)
    found: dict[str, dict[str, Any]] = {}
    for url in requests:
        if not routed(app, url):
            found[url] = {"status": None, "ms": None, "kib": None}
            continue
        response = client.get(url)  # warm-up
        if response.status_code == 404:  # the ids exist: a 404 is a path this app does not serve yet
            found[url] = {"status": None, "ms": None, "kib": None}
            continue
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        found[url] = {"status": response.status_code, "ms": round(statistics.median(times) * 1000, 1),
                      "kib": round(len(response.content) / 1024, 1)}
    return found


def counts(db: str) -> str:
    store = open_store(db, read_only=True)
    try:
        n = store.counts()
    finally:
        store.close()
    return f"{n['documents']:,} articles, {n['events']:,} events, {n['claims']:,} claims, {n['actors']:,} actors"


def label(db: str) -> str:
    """A store's short name in the table: a file's name, a server database's name."""
    return db.rsplit("/", 1)[-1]


def table(stores: list[str], results: list[dict[str, dict[str, Any]]]) -> str:
    """The Markdown table: per store, median ms and body KiB; with two stores or more, the ratio of medians."""
    head = "| request |" + "".join(f" {label(s)} ms | KiB |" for s in stores)
    rule = "|---|" + "---:|---:|" * len(stores)
    if len(stores) > 1:
        head += f" ratio {label(stores[-1])} / {label(stores[0])} |"
        rule += "---:|"
    lines, notes = [head, rule], []
    for url in results[0]:
        rows = [r[url] for r in results]
        if any(r["status"] is None for r in rows):
            notes.append(f"skipped (no such route yet, or 404): `{url}`")
            continue
        cells = "".join(f" {r['ms']:.1f}{'' if r['status'] == 200 else ' (' + str(r['status']) + ')'} | "
                        f"{r['kib']:.1f} |" for r in rows)
        if len(stores) > 1:
            cells += f" {rows[-1]['ms'] / rows[0]['ms']:.2f} |"
        lines.append(f"| `{url}` |{cells}")
    return "\n".join([*lines, "", *notes])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", required=True,
                        help="a store: a SQLite file (the first one must be) or a postgresql:// URL; repeat to compare")
    parser.add_argument("--repeat", type=int, default=20, help="calls per request after one warm-up")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    values = picks(Path(args.db[0]))
    urls = [url.format(**values) for url in REQUESTS]
    results = [measure(db, urls, args.repeat) for db in args.db]
    for db in args.db:
        print(f"- {db}: {counts(db)}")
    print(f"- picked: {', '.join(f'{k}={v}' for k, v in values.items())}; median of {args.repeat} calls after one "
          "warm-up\n")
    print(table(args.db, results))
    if args.json:
        args.json.write_text(json.dumps({"stores": [str(d) for d in args.db], "picks": values, "repeat": args.repeat,
                                         "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
