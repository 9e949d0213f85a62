"""SQLite against PostgreSQL on the same data: ingest, copy, and the API's reads, in one run on one machine.

    PYTHONPATH=src:. .venv/bin/python bench/store_backends.py --db big.db [--db big10k.db] [--ingest 200] [--repeat 10]

Starts a temporary PostgreSQL server (tests/postgres.py: Debian's package, `make postgres`), then
- ingest (`--ingest N`): the first N full-text articles of ../shared/corpus/ukraine-media analysed into a new SQLite
  file and into a new PostgreSQL database with one loaded model, the whole run (stages, writes and corpus steps)
  timed; the ratio PostgreSQL / SQLite is what the store costs beyond the analysis;
- copy: each --db SQLite store copied into its own database (`storyline copy`), rows per second;
- reads: every request of bench/api_latency.py on the SQLite file and on its copy, medians and the ratio.
Absolute times depend on the machine and its load; the ratios within one run are the figures to read. The server
runs on this machine with the tests' settings (no fsync), so the ingest figure is a lower bound for a durable one.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import api_latency
import repo_path  # noqa: F401  (the repository root on sys.path, for tests.postgres and evaluation)
from storyline.config import Settings
from storyline.run import analyze
from storyline.stages.nlp import load_model
from storyline.store import open_store
from storyline.store.transfer import copy_sqlite_to_postgres
from tests.conftest import sample_articles, write_jsonl
from tests.postgres import Server, start_server


def ingest(server: Server, n: int, folder: Path) -> str:
    """Analyse the same n articles into each backend; the Markdown lines of the result."""
    feed = write_jsonl(folder / "ingest.jsonl", sample_articles(n))
    nlp = load_model("")
    analyze([str(feed)], Settings(db=str(folder / "warm.db")), None, nlp=nlp)  # warm caches and lexicons first
    seconds = {}
    for name, db in (("SQLite", str(folder / "ingest.db")), ("PostgreSQL", server.fresh_database())):
        started = time.perf_counter()
        summary = analyze([str(feed)], Settings(db=db), None, nlp=nlp)
        seconds[name] = time.perf_counter() - started
        assert summary.added == n, summary
    return (f"| ingest {n} articles (whole run) | {seconds['SQLite']:.1f} s | {seconds['PostgreSQL']:.1f} s | "
            f"{seconds['PostgreSQL'] / seconds['SQLite']:.2f} |")


def copy(server: Server, db: Path) -> tuple[str, str]:
    """Copy one SQLite store into a new database: (its URL, the Markdown line)."""
    url = server.fresh_database()
    source, target = open_store(db), open_store(url)
    try:
        started = time.perf_counter()
        rows = sum(copy_sqlite_to_postgres(source, target).values())
        elapsed = time.perf_counter() - started
        size = target.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    finally:
        source.close()
        target.close()
    return url, (f"| copy {db.name} ({rows:,} rows); size on disk | {db.stat().st_size / 2**20:,.0f} MiB | "
                 f"{elapsed:.1f} s ({rows / elapsed:,.0f} rows/s); {size / 2**20:,.0f} MiB | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, action="append", default=[], help="an analysed SQLite store (repeat)")
    parser.add_argument("--ingest", type=int, default=0, help="also time analysing this many articles into each")
    parser.add_argument("--repeat", type=int, default=10, help="calls per API request after one warm-up")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/storyline-backends"), help="scratch files")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    server = start_server()
    try:
        lines = ["| measure | SQLite | PostgreSQL | ratio PostgreSQL / SQLite |", "|---|---:|---:|---:|"]
        if args.ingest:
            lines.append(ingest(server, args.ingest, args.folder))
        for db in args.db:
            url, line = copy(server, db)
            lines.append(line)
            values = api_latency.picks(db)
            urls = [u.format(**values) for u in api_latency.REQUESTS]
            sqlite, postgres = (api_latency.measure(str(db), urls, args.repeat),
                                api_latency.measure(url, urls, args.repeat))
            print(f"- {db}: {api_latency.counts(str(db))}")
            for request in urls:
                a, b = sqlite[request], postgres[request]
                if a["ms"] is None or b["ms"] is None:
                    continue
                lines.append(f"| `{request}` ({db.name}) | {a['ms']:.1f} ms | {b['ms']:.1f} ms"
                             f"{'' if b['status'] == 200 else ' (' + str(b['status']) + ')'} | "
                             f"{b['ms'] / a['ms']:.2f} |")
        print("\n".join(lines))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
