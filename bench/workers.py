"""Wall-clock time and peak memory of `storyline analyze` with 1 and with N worker processes (or N Ray actors: an
entry `rayN` of --workers-list), on the same articles, each against bare spaCy (the entry `bare`: load the model,
then `nlp.pipe` over the same texts, one process) when the list names it.

Each measurement runs in its own child process (this script re-invoked with `--child`), into a fresh store:
`analyze([jsonl], Settings(db=..., workers=W))`, model load included (with W > 1 the workers load the model, in
parallel, inside the run; with W = 1 the runner loads it first), then the same input again into the now filled
store (the re-run: everything is already stored, so nothing is sent to the executor; the corpus steps still run).

Memory: the parent samples the resident set of the child and all its descendants (driver + workers) from /proc
every `--sample-every` seconds and reports the largest sum; the child also reports `ru_maxrss` of itself (the
driver) and of its largest worker (RUSAGE_CHILDREN, once the pool has been shut down and waited for).

Input: the first N records of the corpus JSONL with `"full_text": true` (bench/throughput.py's selection). The
two stores' exports (without their generation time) are compared at the end: worker processes must not change
what is stored.

    .venv/bin/python bench/workers.py --n 1000 --json workers.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from report import print_and_save
from throughput import DEFAULT_CORPUS, code_version, machine, select_records, write_jsonl


def rss_of_tree_kib(pid: int) -> int:
    """Resident set size (KiB) of `pid` and all its descendants now, read from /proc/*/status."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
        except OSError:  # the process ended while we looked
            continue
        children.setdefault(int(fields["PPid"]), []).append(int(entry.name))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


class TreeSampler:
    """Samples the summed RSS of a process tree in a thread; `peak_kib` is the largest sum seen."""

    def __init__(self, pid: int, every: float) -> None:
        self.pid, self.every, self.peak_kib = pid, every, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.done.wait(self.every):
            self.peak_kib = max(self.peak_kib, rss_of_tree_kib(self.pid))

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak_kib


# -- child side: one measurement per process --------------------------------------------------------------
def bare_child(args: argparse.Namespace) -> None:
    """Load the model and parse the input's texts with `nlp.pipe`, as one Storyline run does; print JSON."""
    from storyline.stages.nlp import load_model

    texts = [json.loads(line)["text"] for line in Path(args.input).read_text(encoding="utf-8").splitlines()]
    start = time.perf_counter()
    nlp = load_model(args.model)
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"workers": 1, "executor": "bare", "run_s": done - start, "rerun_s": 0.0, "read": len(texts),
                      "added": len(texts), "unchanged": 0, "rejected": 0, "rerun": {},
                      "driver_maxrss_mib": usage.ru_maxrss / 1024, "largest_child_maxrss_mib": 0.0,
                      "cpu_s_driver": usage.ru_utime + usage.ru_stime, "cpu_s_workers": 0.0}))


def child_main(args: argparse.Namespace) -> None:
    """Analyse the input into a fresh store with `--workers`, then again into the filled store; print JSON."""
    if args.executor == "bare":
        bare_child(args)
        return
    from storyline.config import Settings
    from storyline.run import analyze

    settings = Settings(db=args.db, model=args.model, batch_size=args.batch_size, workers=args.workers,
                        executor=args.executor)
    start = time.perf_counter()
    first = analyze([args.input], settings)
    done = time.perf_counter()
    again = analyze([args.input], settings)
    rerun_done = time.perf_counter()
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "workers": args.workers, "executor": args.executor, "run_s": done - start, "rerun_s": rerun_done - done,
        "read": first.read, "added": first.added, "unchanged": first.unchanged, "rejected": len(first.rejected),
        "rerun": {"read": again.read, "added": again.added, "unchanged": again.unchanged,
                  "rejected": len(again.rejected)},
        "driver_maxrss_mib": self_usage.ru_maxrss / 1024, "largest_child_maxrss_mib": children.ru_maxrss / 1024,
        "cpu_s_driver": self_usage.ru_utime + self_usage.ru_stime,
        "cpu_s_workers": children.ru_utime + children.ru_stime,
    }))


# -- parent side -----------------------------------------------------------------------------------------
def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(entry: str, jsonl: Path, db: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One child run for a --workers-list entry ("2": worker processes, "ray2": Ray actors); its JSON figures plus
    the sampled peak RSS of its process tree."""
    if entry == "bare":
        executor, workers = "bare", 1
    else:
        executor, workers = ("ray", int(entry[3:])) if entry.startswith("ray") else ("local", int(entry))
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--workers", str(workers),
               "--executor", executor,
               "--input", str(jsonl), "--db", str(db), "--model", args.model, "--batch-size", str(args.batch_size)]
    load_start = os.getloadavg()[0]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(child.pid, args.sample_every)
    stdout, stderr = child.communicate()
    peak_kib = sampler.stop()
    if child.returncode != 0:
        sys.stderr.write(stderr)
        raise SystemExit(f"the measurement {entry} failed (exit {child.returncode})")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result.update(peak_tree_rss_mib=peak_kib / 1024, loadavg_start=load_start, loadavg_end=os.getloadavg()[0],
                  articles_per_s=result["added"] / result["run_s"])
    return result


def comparable_export(db: Path) -> dict[str, Any]:
    """The store's export without its generation time."""
    from storyline.export.json import build_export
    from storyline.store import open_store

    store = open_store(db)
    try:
        data = json.loads(json.dumps(build_export(store)))
    finally:
        store.close()
    data.pop("generated")
    return data


def build_parser() -> argparse.ArgumentParser:
    from storyline.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to analyse (default 1000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"JSONL corpus [{DEFAULT_CORPUS}]")
    parser.add_argument("--workers-list", default="1,2",
                        help="what to measure, first is the baseline: N worker processes, or rayN for N Ray actors")
    parser.add_argument("--model", default="", help="spaCy package (default: what Storyline resolves)")
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--sample-every", type=float, default=0.2, help="seconds between RSS samples")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the JSONL and stores here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--executor", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    return parser


def run_all(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Measure every worker count on the same JSONL; compare the stores' exports with the first one's."""
    records = select_records(args.corpus, args.n, min_words=100)
    jsonl = workdir / f"articles-{len(records)}.jsonl"
    write_jsonl(records, jsonl)
    entries = [part.strip() for part in args.workers_list.split(",")]
    runs = []
    for entry in entries:
        progress(f"{len(records)} articles with {entry} ...")
        runs.append(measure(entry, jsonl, workdir / f"workers-{entry}.db", args) | {"entry": entry})
        progress(f"  {runs[-1]['run_s']:.1f} s, re-run {runs[-1]['rerun_s']:.1f} s, "
                 f"peak RSS (driver + workers) {runs[-1]['peak_tree_rss_mib']:.0f} MiB")
    bare = next((run for run in runs if run["entry"] == "bare"), None)
    analysed = [run for run in runs if run["entry"] != "bare"]
    baseline = comparable_export(workdir / f"workers-{analysed[0]['entry']}.db")
    for run in analysed:
        run["speedup"] = analysed[0]["run_s"] / run["run_s"]
        if bare is not None:  # throughput against bare spaCy: bare's time over this run's
            run["ratio_to_bare"] = bare["run_s"] / run["run_s"]
        run["export_identical_to_baseline"] = comparable_export(workdir / f"workers-{run['entry']}.db") == baseline
    return {"n": len(records), "runs": runs}


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.child:
        child_main(args)
        return
    if not args.model:
        from storyline.stages.nlp import resolve_model_name

        args.model = resolve_model_name("")
    started = time.time()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        figures = run_all(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="storyline-workers-") as folder:
            figures = run_all(args, Path(folder))
    figures = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "argv": sys.argv, "model": args.model,
               "batch_size": args.batch_size, **figures, "elapsed_s": time.time() - started,
               "machine": machine() | code_version()}
    print_and_save(figures, args.json)


if __name__ == "__main__":
    main()
