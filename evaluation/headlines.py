"""Score the `.txt` headline decision on files built from the shared ukraine-media corpus (docs/quality.md).

Each chosen record (full text, with a title) becomes two `.txt` files, written at test time and never committed:

- with a title line: the title, a blank line, then the body as paragraphs;
- without one: the body alone, so that the first paragraph, the lead, comes first.

The corpus stores most bodies as one line, so the body is cut into paragraphs the way news copy is laid out: the
lead is the first sentence, then two sentences a paragraph (bodies that already hold blank lines keep their own
paragraphs). The sentence cut is a plain rule (end punctuation, a space, a capital or a quotation mark; not after
a title or an initial), written here for the test files and independent of the reader.

Two disjoint slices, both deterministic: the full-text records with a title are numbered in file order; every
`STRIDE`-th one (0, 18, 36, ...) is held out (200 records, 400 files), every other one is the dev slice the
headline rules were written on.

Metrics: headline accuracy on each half (a file with a title line must be read with that line as its title; a
file without one must be read with no title), and leads kept: of the files read as having no title line, how many
keep their first paragraph in the text the analysis sees (after the clean stage, compared with whitespace
collapsed). Files are read as `storyline analyze` reads them: `readers.read_inputs`, then `stages.clean.clean`.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from evaluation import shared_dir
from storyline.model import Document
from storyline.readers import expand_paths, read_inputs
from storyline.stages.clean import clean

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

STRIDE = 18
HELD_OUT_COUNT = 200
SENTENCES_PER_PARAGRAPH = 2

# A sentence ends at . ! ? (and a closing quotation mark) before a space and a capital, digit or opening quotation
# mark; not after a one-letter initial or a short title abbreviation ("U.S.", "Mr.", "Gen.").
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]?)\s+(?=[\"'“‘A-Z0-9])")
_NO_BREAK_AFTER = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Prof|Rev|No|Jr|Sr|"
                             r"Adm|Maj|Brig|Cmdr|Jan|Feb|Aug|Sept|Oct|Nov|Dec|vs|approx|est|a\.m|p\.m)\.)$")


def corpus_file() -> Path:
    return shared_dir() / "corpus" / "ukraine-media" / "articles.jsonl"


def sentences(text: str) -> list[str]:
    """Cut a flat body into sentences with the plain rule above."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1)
        piece = text[start:end]
        if _NO_BREAK_AFTER.search(piece.rstrip("\"'”’)")):
            continue
        out.append(piece.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def paragraphs(body: str) -> list[str]:
    """The body as news paragraphs: its own when it has blank lines, else a one-sentence lead then pairs."""
    own = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    if len(own) > 1:
        return own
    parts = sentences(" ".join(body.split()))
    if not parts:
        return []
    rest = parts[1:]
    return [parts[0]] + [" ".join(rest[i:i + SENTENCES_PER_PARAGRAPH])
                         for i in range(0, len(rest), SENTENCES_PER_PARAGRAPH)]


@dataclass(frozen=True)
class Case:
    """One `.txt` file to read: its text, the title it must be read with (None: no title line) and its lead."""

    name: str
    text: str
    title: str | None
    lead: str


def records() -> Iterator[dict]:
    """The full-text records with a title and a body, in file order."""
    with corpus_file().open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("full_text") and (record.get("title") or "").strip() and (record.get("text") or "").strip():
                yield record


def split(part: str) -> list[dict]:
    """`held_out`: every STRIDE-th record (200); `dev`: all the others."""
    chosen = []
    for number, record in enumerate(records()):
        held_out = number % STRIDE == 0 and number // STRIDE < HELD_OUT_COUNT
        if held_out == (part == "held_out"):
            chosen.append(record)
    return chosen


def cases(chosen: list[dict]) -> list[Case]:
    """Two files per record: with its title line and without one."""
    out: list[Case] = []
    for record in chosen:
        paras = paragraphs(record["text"])
        if not paras:
            continue
        body = "\n\n".join(paras) + "\n"
        title = " ".join(record["title"].replace("\ufeff", "").split())  # a BOM inside one record's title
        out.append(Case(f"{record['id']}-titled", f"{title}\n\n{body}", title, paras[0]))
        out.append(Case(f"{record['id']}-bare", body, None, paras[0]))
    return out


@dataclass
class Result:
    """Counts for one half (with a title line, or without) and the cases that went wrong."""

    files: int = 0
    right: int = 0
    leads_judged_absent: int = 0
    leads_kept: int = 0
    wrong: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.files if self.files else 0.0


Reader = Callable[[Case], tuple[str | None, str]]  # a case -> (title read, text the analysis sees)


def evaluate(all_cases: list[Case], read: Reader) -> dict[str, Result]:
    """Read every case; count right titles per half and leads kept where no title line was found."""
    results = {"titled": Result(), "bare": Result()}
    for case in all_cases:
        result = results["titled" if case.title is not None else "bare"]
        title, text = read(case)
        result.files += 1
        if title == case.title:
            result.right += 1
        else:
            result.wrong.append((case.name, title))
        if title is None:
            result.leads_judged_absent += 1
            result.leads_kept += " ".join(case.lead.split()) in " ".join(text.split())
    return results


def write_cases(all_cases: list[Case], folder: Path) -> dict[str, Case]:
    """Write each case as `NAME.txt` under `folder`; return the cases by file stem."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in all_cases:
        (folder / f"{case.name}.txt").write_text(case.text, encoding="utf-8")
    return {case.name: case for case in all_cases}


def read_folder(folder: Path, title_line: str = "auto") -> dict[str, tuple[str | None, str]]:
    """Read every file in `folder` as `storyline analyze` would: file stem -> (title, clean text)."""
    read: dict[str, tuple[str | None, str]] = {}
    for item in read_inputs(expand_paths([str(folder)]), title_line=title_line):
        if not isinstance(item, Document):
            raise AssertionError(f"a test file was rejected: {item.message}")
        read[item.id] = (item.title, clean(item.raw_text, item.title).text)
    return read


def measure(part: str, folder: Path) -> tuple[dict[str, Result], int]:
    """Write the cases of one slice of ukraine-media (`dev` or `held_out`) under `folder`, read them back and score
    them. Returns the results per half and the number of records."""
    chosen = split(part)
    return measure_records(chosen, folder), len(chosen)


def measure_records(chosen: list[dict], folder: Path) -> dict[str, Result]:
    """Write the two files of each record (`title`, `text`) under `folder`, read them back and score them."""
    all_cases = cases(chosen)
    write_cases(all_cases, folder)
    read = read_folder(folder)
    return evaluate(all_cases, lambda case: read[case.name])


def press_releases() -> list[dict]:
    """The Kremlin and Ukrainian presidential press releases of ../shared/corpus/press-releases as records with
    `id`, `title` (the headline) and `text` (the body): another kind of writing, never used to set the rules."""
    out: list[dict] = []
    for path in sorted((shared_dir() / "corpus" / "press-releases").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh)):
                if (row.get("headline") or "").strip() and (row.get("body") or "").strip():
                    out.append({"id": f"{path.stem}-{number}", "title": row["headline"], "text": row["body"]})
    return out
