"""What one stage (and its corpus step) adds to `analyze`: the same articles analysed by the pipeline up to that
stage with and without it, in one process with one loaded model, each into a fresh store. Prints JSON with wall
and CPU seconds and the added share; CPU time of this process is the figure to read on a shared machine (other
load moves wall time).

    .venv/bin/python bench/stage_speed.py [--stage events] [--n 1000] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from report import print_and_save
from storyline.actors.gazetteer import load_gazetteer
from storyline.config import Settings
from storyline.run import Runner
from storyline.stages import DEFAULT_PIPELINE
from storyline.stages.nlp import load_model

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ukraine-media" / "articles.jsonl"


def sample(n: int, out: Path) -> Path:
    """The first n full-text articles of the shared corpus, as a JSONL file."""
    lines = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            if json.loads(line).get("full_text"):
                lines.append(line)
                if len(lines) >= n:
                    break
    out.write_text("".join(lines), encoding="utf-8")
    return out


def timed(pipeline: tuple[str, ...], feed: Path, db: Path, nlp: object) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of this process, summary) of one analysis into a fresh store."""
    wall, cpu = time.perf_counter(), time.process_time()
    summary = Runner(Settings(db=str(db)), pipeline=pipeline, nlp=nlp).run([str(feed)])
    return time.perf_counter() - wall, time.process_time() - cpu, {"added": summary.added, "corpus": summary.corpus}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="actors", choices=DEFAULT_PIPELINE[2:])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    nlp = load_model("")
    started = time.perf_counter()
    load_gazetteer()  # built once per process, as in a long-running worker; its time is reported apart
    gazetteer_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        feed = sample(args.n, Path(tmp) / "feed.jsonl")
        timed(("clean", "nlp"), feed, Path(tmp) / "warm.db", nlp)  # warm caches (files, model) once
        before = DEFAULT_PIPELINE[:DEFAULT_PIPELINE.index(args.stage)]
        base_s, base_cpu, base = timed(before, feed, Path(tmp) / "base.db", nlp)
        with_s, with_cpu, with_ = timed((*before, args.stage), feed, Path(tmp) / "with.db", nlp)
    result = {"stage": args.stage, "articles": base["added"], "pipeline_before": list(before),
              "without": {"wall_s": round(base_s, 1), "cpu_s": round(base_cpu, 1)},
              "with": {"wall_s": round(with_s, 1), "cpu_s": round(with_cpu, 1)},
              "added_share_cpu": round(with_cpu / base_cpu - 1, 3), "added_share_wall": round(with_s / base_s - 1, 3),
              "gazetteer_load_s": round(gazetteer_s, 1), "corpus_steps": with_["corpus"]}
    print_and_save(result, args.json)


if __name__ == "__main__":
    main()
