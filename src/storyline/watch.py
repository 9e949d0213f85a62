"""Follow a live story: `storyline watch PATH... --db FILE` analyses whatever is new in a folder or a growing feed
every few seconds, until stopped.

Each round compares the inputs' signature (every file's path, size and modification time, folders expanded) with the
last round's; only when it changed does a run start. The run is an ordinary `analyze` run: content already stored is
skipped by its hash, so a feed that grows by appended lines or a folder that gains files costs the new articles'
analysis and the corpus steps, and a round where nothing changed costs a directory listing. The model is loaded once
for the whole watch (one executor kept open across runs), not once a round.

Choices, written down: polling rather than file-system events (works the same on every platform and on network
folders; a few seconds' delay is nothing for news); a file that is still being written is read as it stands and
read again when its size or time changes next round (its finished content is a new version only where the same id
now has different content, exactly as a re-run of `analyze` would store it).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language

from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.readers import STDIN, FieldMap, expand_paths
from storyline.run import Runner, RunSummary, default_executor
from storyline.stages.nlp import resolve_model_name

Signature = tuple[tuple[str, int, int], ...]


@dataclass
class Round:
    """One look at the inputs: its number, and the run it started (None when nothing had changed)."""

    number: int
    summary: RunSummary | None


def input_signature(paths: list[str]) -> Signature:
    """Every input file's path, size and modification time (ns), folders and globs expanded: equal signatures mean
    no input changed. A file that vanishes between the listing and the stat simply drops out."""
    found = []
    for path in expand_paths(paths):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def watch(paths: list[str], settings: Settings, fields: FieldMap | None = None, interval: float = 10.0,
          rounds: int | None = None, on_round: Callable[[Round], None] | None = None,
          nlp: Language | None = None, sleep: Callable[[float], None] = time.sleep) -> int:
    """Look at `paths` every `interval` seconds and analyse what changed into the store; `rounds` looks that many
    times (None: until interrupted). `on_round` hears of every round. Returns the number of rounds looked."""
    if STDIN in paths:
        raise ConfigError("watch follows files and folders; stdin (-) is read once: use `storyline analyze -`")
    if interval < 0:
        raise ConfigError(f"--interval must be 0 or more seconds, got {interval}")
    executor = default_executor(settings, resolve_model_name(settings.model), nlp)
    last: Signature | None = None
    number = 0
    try:
        while rounds is None or number < rounds:
            if number:
                sleep(interval)
            number += 1
            signature = input_signature(paths)
            summary = None
            if signature != last:
                summary = Runner(settings, fields, executor=executor).run(paths)
                last = signature
            if on_round is not None:
                on_round(Round(number, summary))
    finally:
        executor.close()
    return number
