"""Throughput and peak memory of the whole Storyline pipeline against bare spaCy, as ratios.

The machine this runs on may be noisy, so absolute times mean little: what counts is the ratio of two
measurements taken in the same run, on the same texts, with the same model and batch size.

* bare spaCy: `spacy.load(model)`, then `for doc in nlp.pipe(texts, batch_size=B): pass`;
* Storyline: `Runner(Settings(db=..., model=..., batch_size=B), nlp=load_model(model)).run([jsonl])`, which
  is exactly the body of `storyline.run.analyze` split in two so that the model load (Storyline's
  `load_model`, which the runner would otherwise call at the first document) can be timed apart: reading the
  JSONL, cleaning, the duplicate check, parsing, `compute`, the corpus steps and storing in SQLite are all
  inside the timing.

Throughput figures exclude the model load on both sides; the load time is reported next to them, and the
ratio with the load included is reported too. Each measurement runs in its own child process (this script
re-invoked with `--child`), so `ru_maxrss` is the peak RSS of that measurement alone.

Input: the first N records of the corpus JSONL that are full articles (`"full_text": true`; records
without that field count when their text has at least `--min-words` words; the NYT rows of the shared
corpus are snippets with `"full_text": false` and are skipped). They are written to a temporary JSONL,
which is what Storyline reads; bare spaCy gets their `text` fields.

    .venv/bin/python bench/throughput.py --n 1000 --repeat 3
    .venv/bin/python bench/throughput.py --no-compare --memory-series 250,500,1000,2000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpus/ukraine-media/articles.jsonl"
DEFAULT_SERIES = "250,500,1000,2000"
TARGET_RATIO = 0.8  # the project's target: the whole pipeline at >= 0.8x bare spaCy throughput
FLAT_TOLERANCE = 0.10  # peak RSS may grow by at most this share from the smallest to the largest N
PROFILE_FUNCTIONS = (  # (label, file suffix, function name) of the runner's parts, for --profile
    ("Runner._process (whole run)", "storyline/run.py", "_process"),
    ("spaCy Language.pipe (incl. pulling input)", "spacy/language.py", "pipe"),
    ("Runner._to_parse (read+count+dedup+clean)", "storyline/run.py", "_to_parse"),
    ("read_inputs (JSONL reader)", "storyline/readers/__init__.py", "read_inputs"),
    ("LineCounter.add", "storyline/run.py", "add"),
    ("SQLiteStore.has_version", "storyline/store/sqlite.py", "has_version"),
    ("apply_clean (clean stage)", "storyline/run.py", "apply_clean"),
    ("nlp.compute (sentences, mentions)", "storyline/stages/nlp.py", "compute"),
    ("flush (store + count)", "storyline/run.py", "flush"),
    ("SQLiteStore.write_batch", "storyline/store/sqlite.py", "write_batch"),
    ("SQLiteStore._entity_id", "storyline/store/sqlite.py", "_entity_id"),
)


# -- input ----------------------------------------------------------------------------------------------
def default_model() -> str:
    """The model Storyline itself would use with an empty `model` setting."""
    from storyline.stages.nlp import resolve_model_name

    return resolve_model_name("")


def is_full_article(record: dict[str, Any], min_words: int) -> bool:
    """A full-text article: `full_text` is true, or (without that field) the text is long enough."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return False
    if "full_text" in record:
        return record["full_text"] is True
    return len(text.split()) >= min_words


def select_records(corpus: Path, n: int, min_words: int,
                   exclude: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The first `n` full-text records of the corpus, in file order, leaving out the ids in `exclude`."""
    chosen: list[dict[str, Any]] = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if isinstance(record, dict) and is_full_article(record, min_words) and record.get("id") not in exclude:
                chosen.append(record)
                if len(chosen) >= n:
                    break
    if len(chosen) < n:
        print(f"warning: only {len(chosen)} full-text records in {corpus} (asked for {n})", file=sys.stderr)
    return chosen


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    """Write records one per line, as Storyline's JSONL reader expects."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_texts(path: Path) -> list[str]:
    """The `text` field of every record of a JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def count_words(texts: list[str]) -> int:
    """Whitespace tokens: the words figure of words/s."""
    return sum(len(text.split()) for text in texts)


# -- child side: one measurement per process --------------------------------------------------------------
def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_bare(path: Path, model: str, batch_size: int) -> dict[str, Any]:
    """Load the model and run `nlp.pipe` over the texts; nothing else."""
    import spacy

    texts = read_texts(path)
    rss_before_load = peak_rss_mib()
    start = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter()
    rss_after_load = peak_rss_mib()
    cpu_start = cpu_seconds()
    docs = 0
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        docs += 1
    done = time.perf_counter()
    return {"side": "bare", "articles": docs, "words": count_words(texts), "load_s": loaded - start,
            "run_s": done - loaded, "cpu_s": cpu_seconds() - cpu_start, "rss_before_load_mib": rss_before_load,
            "rss_after_load_mib": rss_after_load, "peak_rss_mib": peak_rss_mib(),
            "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
            "pipes": list(nlp.pipe_names)}


def summary_dict(summary: Any) -> dict[str, Any]:
    """The parts of a RunSummary the report needs."""
    reasons = Counter(r.reason for r in summary.rejected)
    return {"read": summary.read, "added": summary.added, "unchanged": summary.unchanged,
            "rejected": len(summary.rejected), "rejected_reasons": dict(reasons),
            "mentions": summary.mentions, "status": summary.status, "totals": summary.totals}


def measure_storyline(path: Path, model: str, batch_size: int, db: Path, rerun: bool,
                      profile: Path | None) -> dict[str, Any]:
    """`analyze([path], Settings(...))`, split into model load (Runner() with the model Storyline loads) and the
    run itself, as the bare side is split into `spacy.load` and `nlp.pipe`."""
    from storyline.config import Settings
    from storyline.run import Runner
    from storyline.stages.nlp import load_model

    words = count_words(read_texts(path))
    settings = Settings(db=str(db), model=model, batch_size=batch_size)
    rss_before_load = peak_rss_mib()
    start = time.perf_counter()
    runner = Runner(settings, nlp=load_model(model))
    loaded = time.perf_counter()
    rss_after_load = peak_rss_mib()
    cpu_start = cpu_seconds()
    if profile is None:
        summary = runner.run([str(path)])
    else:
        import cProfile

        profiler = cProfile.Profile()
        summary = profiler.runcall(runner.run, [str(path)])
        profiler.dump_stats(str(profile))
    done = time.perf_counter()
    result = {"side": "storyline", "articles": summary.read, "words": words, "load_s": loaded - start,
              "run_s": done - loaded, "cpu_s": cpu_seconds() - cpu_start, "rss_before_load_mib": rss_before_load,
              "rss_after_load_mib": rss_after_load, "peak_rss_mib": peak_rss_mib(),
              "model": runner.model_name, "summary": summary_dict(summary)}
    if rerun:  # the same input into the same store again: everything must be unchanged
        again = time.perf_counter()
        second = Runner(settings).run([str(path)])
        result["rerun"] = summary_dict(second) | {"run_s": time.perf_counter() - again}
    return result


def child_main(args: argparse.Namespace) -> None:
    """Run one measurement and print it as one JSON line on stdout."""
    load_start = os.getloadavg()[0]
    path = Path(args.input)
    if args.child == "bare":
        result = measure_bare(path, args.model, args.batch_size)
    else:
        result = measure_storyline(path, args.model, args.batch_size, Path(args.db), args.rerun,
                                   Path(args.profile) if args.profile else None)
    result["loadavg_start"] = load_start
    result["loadavg_end"] = os.getloadavg()[0]
    print(json.dumps(result))


# -- parent side -----------------------------------------------------------------------------------------
def spawn(side: str, path: Path, args: argparse.Namespace, db: Path | None = None, rerun: bool = False,
          profile: Path | None = None) -> dict[str, Any]:
    """Re-invoke this script as a child that makes one measurement; return its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", side, "--input", str(path),
               "--model", args.model, "--batch-size", str(args.batch_size)]
    if db is not None:
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        command += ["--db", str(db)]
    if rerun:
        command.append("--rerun")
    if profile is not None:
        command += ["--profile", str(profile)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {side} measurement failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["articles_per_s"] = result["articles"] / result["run_s"]
    result["words_per_s"] = result["words"] / result["run_s"]
    return result


def progress(message: str) -> None:
    """One line on stderr, so stdout keeps only the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def compare(args: argparse.Namespace, jsonl: Path, workdir: Path) -> list[dict[str, Any]]:
    """`--repeat` pairs of measurements; the order alternates between pairs unless --no-alternate."""
    pairs = []
    for index in range(args.repeat):
        order = ("bare", "storyline") if index % 2 == 0 or not args.alternate else ("storyline", "bare")
        pair: dict[str, Any] = {"repeat": index + 1, "order": list(order)}
        for side in order:
            progress(f"repeat {index + 1}/{args.repeat}: {side} ...")
            if side == "bare":
                pair["bare"] = spawn("bare", jsonl, args)
            else:
                pair["storyline"] = spawn("storyline", jsonl, args, db=workdir / f"bench-{index}.db",
                                          rerun=index == 0)
            progress(f"  {side}: {pair[side]['run_s']:.1f} s, peak RSS {pair[side]['peak_rss_mib']:.0f} MiB")
        pair["ratio"] = pair["storyline"]["articles_per_s"] / pair["bare"]["articles_per_s"]
        pair["ratio_cpu"] = pair["bare"]["cpu_s"] / pair["storyline"]["cpu_s"]
        bare_total = pair["bare"]["load_s"] + pair["bare"]["run_s"]
        story_total = pair["storyline"]["load_s"] + pair["storyline"]["run_s"]
        pair["ratio_with_load"] = bare_total / story_total
        pairs.append(pair)
    return pairs


def memory_series(args: argparse.Namespace, records: list[dict[str, Any]],
                  workdir: Path) -> list[dict[str, Any]]:
    """Storyline (and with --series-bare bare spaCy too) at several N, each in a fresh process and store."""
    rows = []
    for n in args.series:
        path = workdir / f"series-{n}.jsonl"
        write_jsonl(records[:n], path)
        progress(f"memory series: storyline at N={n} ...")
        try:
            result = spawn("storyline", path, args, db=workdir / f"series-{n}.db")
        except SystemExit as exc:  # one crashing N should not lose the others
            progress(f"  N={n}: {exc}; left out of the series")
            args.series_failed.append(n)
            continue
        result["n"] = n
        progress(f"  N={n}: {result['run_s']:.1f} s, peak RSS {result['peak_rss_mib']:.0f} MiB")
        if args.series_bare:
            progress(f"memory series: bare at N={n} ...")
            result["bare"] = spawn("bare", path, args)
            progress(f"  N={n}: {result['bare']['run_s']:.1f} s, peak RSS {result['bare']['peak_rss_mib']:.0f} MiB")
        rows.append(result)
    return rows


def print_profile(path: Path, total_s: float | None = None, top: int = 25) -> dict[str, float]:
    """Cumulative time of the runner's parts (PROFILE_FUNCTIONS) and the top functions by own time."""
    import pstats

    stats = pstats.Stats(str(path))
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    whole = total_s or max(row[3] for row in table.values())
    shares: dict[str, float] = {}
    print("\n| part of the Storyline run (cProfile, cumulative) | seconds | share |")
    print("|---|---:|---:|")
    rows = [(label, [(suffix, name)]) for label, suffix, name in PROFILE_FUNCTIONS]
    for file, _line, func in sorted(table):  # parsed stages, corpus steps and lazy loads, whatever their names
        where = file.replace(os.sep, "/")
        module = where.split("/storyline/", 1)[-1]
        if "/storyline/" not in where or module.startswith("stages/nlp"):
            continue
        parsed_stage = module.startswith("stages/") and func == "compute"
        corpus_step = module.startswith("corpus/") and func.startswith("run_")
        lazy_load = func.startswith("load_") and not module.startswith("stages/nlp")
        if parsed_stage or corpus_step or lazy_load:
            kind = "parsed stage" if parsed_stage else "corpus step" if corpus_step else "load"
            rows.append((f"{kind} {module}:{func}", [(module, func)]))
    for label, targets in rows:
        cumulative = sum(row[3] for (file, _line, func), row in table.items()
                         if any(func == name and file.replace(os.sep, "/").endswith(suffix)
                                for suffix, name in targets))
        shares[label] = cumulative
        print(f"| {label} | {cumulative:.2f} | {cumulative / whole:.1%} |")
    print(f"\nTop {top} functions by own time (tottime):\n")
    print("| function | calls | own s | cumulative s |")
    print("|---|---:|---:|---:|")
    ranked = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (file, line, func), (_cc, calls, own, cumulative, _callers) in ranked:
        where = "/".join(Path(file).parts[-2:]) if file != "~" else "builtin"
        print(f"| `{func}` ({where}:{line}) | {calls} | {own:.2f} | {cumulative:.2f} |")
    return shares


def fmt_mib(value: float) -> str:
    return f"{value:,.0f}"


def print_report(args: argparse.Namespace, pairs: list[dict[str, Any]], series: list[dict[str, Any]],
                 n_records: int, words: int) -> dict[str, Any]:
    """Markdown tables on stdout; returns the verdicts for --json."""
    verdict: dict[str, Any] = {}
    if pairs:
        print(f"\n## Storyline vs bare spaCy: {n_records} articles, {words:,} words, model {args.model}, "
              f"batch size {args.batch_size}\n")
        print("Throughput excludes model load on both sides (load time shown apart). "
              "Ratio = Storyline articles/s / bare articles/s, per pair (wall clock); "
              "CPU ratio = bare CPU s / Storyline CPU s (user+sys of the run, less sensitive to other load).\n")
        print("| repeat | order | side | load s | run s | CPU s | articles/s | words/s | peak RSS MiB "
              "| RSS after load MiB | loadavg start/end | ratio | CPU ratio | ratio incl. load |")
        print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
        for pair in pairs:
            for side in ("bare", "storyline"):
                m = pair[side]
                story = side == "storyline"
                ratio = f"{pair['ratio']:.3f}" if story else ""
                ratio_cpu = f"{pair['ratio_cpu']:.3f}" if story else ""
                ratio_load = f"{pair['ratio_with_load']:.3f}" if story else ""
                print(f"| {pair['repeat']} | {' then '.join(pair['order'])} | {side} | {m['load_s']:.1f} "
                      f"| {m['run_s']:.1f} | {m['cpu_s']:.1f} | {m['articles_per_s']:.2f} "
                      f"| {m['words_per_s']:,.0f} | {fmt_mib(m['peak_rss_mib'])} "
                      f"| {fmt_mib(m['rss_after_load_mib'])} | {m['loadavg_start']:.2f} / {m['loadavg_end']:.2f} "
                      f"| {ratio} | {ratio_cpu} | {ratio_load} |")
        ratios = [p["ratio"] for p in pairs]
        median = statistics.median(ratios)
        median_cpu = statistics.median(p["ratio_cpu"] for p in pairs)
        median_load = statistics.median(p["ratio_with_load"] for p in pairs)
        peak_bare = statistics.median(p["bare"]["peak_rss_mib"] for p in pairs)
        peak_story = statistics.median(p["storyline"]["peak_rss_mib"] for p in pairs)
        print(f"\n**Median ratio (excl. load): {median:.3f}** (min {min(ratios):.3f}, max {max(ratios):.3f}, "
              f"{len(ratios)} pair(s)); CPU-time ratio: {median_cpu:.3f}; incl. load: {median_load:.3f}. "
              f"Target >= {TARGET_RATIO}: **{'met' if median >= TARGET_RATIO else 'NOT met'}**.")
        print(f"Median peak RSS: bare {fmt_mib(peak_bare)} MiB, Storyline {fmt_mib(peak_story)} MiB "
              f"(x{peak_story / peak_bare:.2f}).")
        first = pairs[0]["storyline"]
        s = first["summary"]
        reasons = f" {s['rejected_reasons']}" if s["rejected_reasons"] else ""
        print(f"\nStoryline run summary (repeat 1): read {s['read']}, added {s['added']}, unchanged "
              f"{s['unchanged']}, rejected {s['rejected']}{reasons}, "
              f"mentions {s['mentions']}, status {s['status']}.")
        if "rerun" in first:
            r = first["rerun"]
            print(f"Re-run on the same store: read {r['read']}, added {r['added']}, unchanged {r['unchanged']}, "
                  f"rejected {r['rejected']} ({r['run_s']:.1f} s): "
                  f"{'nothing added' if r['added'] == 0 and r['unchanged'] == s['added'] else 'UNEXPECTED'}.")
        verdict.update(median_ratio=median, median_ratio_cpu=median_cpu, median_ratio_with_load=median_load,
                       target_ratio=TARGET_RATIO, ratio_met=median >= TARGET_RATIO,
                       median_peak_rss_mib={"bare": peak_bare, "storyline": peak_story})
    failed = getattr(args, "series_failed", [])
    if failed:
        print(f"\n**The Storyline run failed at N = {', '.join(map(str, failed))}** (traceback on stderr); "
              "those N are missing from the series below.")
        verdict["series_failed"] = failed
    if series:
        print("\n### Storyline peak RSS as N grows (each N in a fresh process and store)\n")
        with_bare = all("bare" in row for row in series)
        extra = " bare peak RSS MiB | Storyline - bare MiB |" if with_bare else ""
        print("| N | words | run s | articles/s | RSS after load MiB | peak RSS MiB | peak - after load MiB |"
              + extra)
        print("|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if with_bare else ""))
        for row in series:
            cells = (f" {fmt_mib(row['bare']['peak_rss_mib'])} "
                     f"| {row['peak_rss_mib'] - row['bare']['peak_rss_mib']:+,.0f} |") if with_bare else ""
            print(f"| {row['n']} | {row['words']:,} | {row['run_s']:.1f} | {row['articles_per_s']:.2f} "
                  f"| {fmt_mib(row['rss_after_load_mib'])} | {fmt_mib(row['peak_rss_mib'])} "
                  f"| {fmt_mib(row['peak_rss_mib'] - row['rss_after_load_mib'])} |" + cells)
        if len(series) < 2:
            print("\nOne N only: give at least two to judge whether memory stays flat.")
            return verdict
        first, last = series[0], series[-1]
        low, high = first["peak_rss_mib"], last["peak_rss_mib"]
        before_last = series[-2]
        last_step = (high - before_last["peak_rss_mib"]) / before_last["peak_rss_mib"]
        flat = last_step <= FLAT_TOLERANCE
        print(f"\nStoryline peak RSS from N={first['n']} to N={last['n']}: {fmt_mib(low)} -> {fmt_mib(high)} MiB "
              f"({(high - low) / low:+.1%}); over the last step, N={before_last['n']} to N={last['n']}: "
              f"{last_step:+.1%}.")
        verdict.update(memory_growth=(high - low) / low, memory_growth_last_step=last_step)
        if with_bare:
            bare_low, bare_high = first["bare"]["peak_rss_mib"], last["bare"]["peak_rss_mib"]
            excess_low, excess_high = low - bare_low, high - bare_high
            print(f"Bare spaCy over the same N: {fmt_mib(bare_low)} -> {fmt_mib(bare_high)} MiB "
                  f"({(bare_high - bare_low) / bare_low:+.1%}); Storyline's excess over bare: "
                  f"{excess_low:+,.0f} -> {excess_high:+,.0f} MiB.")
            flat = flat and excess_high - excess_low <= FLAT_TOLERANCE * bare_low
            verdict.update(bare_memory_growth=(bare_high - bare_low) / bare_low,
                           excess_over_bare_mib=[row["peak_rss_mib"] - row["bare"]["peak_rss_mib"]
                                                 for row in series])
        print(f"Flat (peak grows <= {FLAT_TOLERANCE:.0%} over the last step"
              + (f", excess over bare grows <= {FLAT_TOLERANCE:.0%} of bare's peak" if with_bare else "")
              + f"): **{'yes' if flat else 'NO'}**.")
        verdict["memory_flat"] = flat
    return verdict


def parse_series(value: str) -> list[int]:
    """`250,500,1000` -> [250, 500, 1000], sorted."""
    try:
        numbers = sorted({int(part) for part in value.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {value!r}") from None
    if not numbers or numbers[0] <= 0:
        raise argparse.ArgumentTypeError("the series needs positive numbers")
    return numbers


def build_parser() -> argparse.ArgumentParser:
    """The command line (the child flags are internal)."""
    from storyline.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="articles to measure (default 1000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"JSONL corpus [{DEFAULT_CORPUS}]")
    parser.add_argument("--model", default="", help="spaCy package (default: what Storyline resolves)")
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size,
                        help="nlp.pipe batch size on both sides (default: Storyline's setting)")
    parser.add_argument("--min-words", type=int, default=100,
                        help="records without a full_text field count as articles from this many words")
    parser.add_argument("--exclude-id", action="append", default=[], metavar="ID",
                        help="leave out the record with this id (repeatable), e.g. one that crashes a stage")
    parser.add_argument("--repeat", type=int, default=1, help="measurement pairs; the median ratio is reported")
    parser.add_argument("--no-alternate", dest="alternate", action="store_false",
                        help="always bare first (default: alternate the order between pairs)")
    parser.add_argument("--memory-series", dest="series", type=parse_series, nargs="?", const=DEFAULT_SERIES,
                        default=None, help=f"also run Storyline alone at these N (default {DEFAULT_SERIES})")
    parser.add_argument("--series-bare", action="store_true",
                        help="in the memory series, measure bare spaCy at each N too")
    parser.add_argument("--no-compare", dest="compare", action="store_false",
                        help="skip the comparison (e.g. with --memory-series only)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="also run Storyline once under cProfile, save the stats here and summarise them")
    parser.add_argument("--json", type=Path, default=None, help="write every figure as JSON here ('-': stdout)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep temporary files here (default: a tmp dir)")
    parser.add_argument("--child", choices=("bare", "storyline"), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--rerun", action="store_true", help=argparse.SUPPRESS)
    return parser


def code_version() -> dict[str, Any]:
    """Which Storyline source is measured: its folder, and its git commit when it is a checkout."""
    import storyline

    package = Path(storyline.__file__).resolve().parent
    info: dict[str, Any] = {"storyline": str(package), "version": storyline.__version__}
    git = ["git", "-C", str(package)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    if head.returncode == 0:
        dirty = subprocess.run([*git, "status", "--porcelain", "--", "."], capture_output=True, text=True,
                               check=False).stdout.strip()
        info["commit"] = head.stdout.strip() + (" + uncommitted changes" if dirty else "")
    else:
        info["commit"] = "not a git checkout"
    return info


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    import spacy

    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": round(mem_kib / 1024**2, 1),
            "python": platform.python_version(), "spacy": spacy.__version__, "platform": platform.platform()}


@contextmanager
def workdir_context(given: Path | None) -> Iterator[Path]:
    """The folder for the temporary JSONL files and stores."""
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as folder:
        yield Path(folder)


def main(argv: list[str] | None = None) -> None:
    """Select the articles, run the measurements, print the report."""
    args = build_parser().parse_args(argv)
    if args.child:
        child_main(args)
        return
    args.model = args.model or default_model()
    args.series_failed = []
    wanted = max([args.n if args.compare or args.profile else 0, *(args.series or [])])
    records = select_records(args.corpus, wanted, args.min_words, frozenset(args.exclude_id))
    if args.series:
        args.series = [n for n in args.series if n <= len(records)] or [len(records)]
    compare_records = records[: args.n]
    words = count_words([r["text"] for r in compare_records])
    info = machine() | code_version()
    progress(f"{len(records)} full-text records from {args.corpus}; model {args.model}; "
             f"{info['nproc']} CPUs, load average {os.getloadavg()[0]:.2f}")
    started = time.time()
    with workdir_context(args.workdir) as workdir:
        jsonl = workdir / f"articles-{len(compare_records)}.jsonl"
        write_jsonl(compare_records, jsonl)
        pairs = compare(args, jsonl, workdir) if args.compare else []
        series = memory_series(args, records, workdir) if args.series else []
        verdict = print_report(args, pairs, series, len(compare_records), words)
        profile_shares: dict[str, float] = {}
        if args.profile:
            progress("profiling the Storyline side under cProfile ...")
            profiled = spawn("storyline", jsonl, args, db=workdir / "profile.db", profile=args.profile)
            print(f"\n## cProfile of the Storyline side ({profiled['run_s']:.1f} s under the profiler)")
            profile_shares = print_profile(args.profile)
    elapsed = time.time() - started
    print(f"\nMachine: {info['nproc']} CPUs ({info['cpu']}), {info['mem_gib']} GiB; Python {info['python']}, "
          f"spaCy {info['spacy']}; {time.strftime('%Y-%m-%d %H:%M %Z')}; benchmark took {elapsed / 60:.1f} min.")
    print(f"Storyline {info['version']} from {info['storyline']} ({info['commit']}).")
    if args.json:
        report = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "argv": sys.argv, "machine": info,
                  "n": len(compare_records), "words": words, "model": args.model, "batch_size": args.batch_size,
                  "pairs": pairs, "memory_series": series, "profile": profile_shares, **verdict,
                  "elapsed_s": elapsed}
        text = json.dumps(report, indent=1)
        if str(args.json) == "-":
            print(text)
        else:
            args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
