"""How `storyline --help` presents options: flags as bare flags, values under a name that says what to write.

Typer's rich help prints each option's Python type beside it (`--json <bool>`, `--db <str>`), which reads as if a
flag took a value. The command classes here show a flag alone and a value option with its metavar (`--db FILE`,
`--limit N`): the one given in the option, else a name taken from the option's type and name, so options added
later read the same without extra work.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

QUICK_START = """\
Storyline quick start (storyline --help lists every command):
  1. analyze:  storyline analyze ARTICLES... --db story.db
  2. look:     storyline timeline --db story.db   (or actors, quotes, claims, sources, docs, search)
  3. serve:    storyline serve --db story.db      (the web app on http://127.0.0.1:8000/)
  4. export:   storyline export --format json --db story.db --out story.json   (or csv, gdelt, graphml)"""

# analyze's options are written elsewhere in parallel; until they carry metavar= themselves their names live here
METAVARS = {"paths": "PATH", "published": "[NAME=]DATE", "between": "FROM:TO", "title_line": "auto|yes|no"}


def metavar(param: TyperOption | TyperArgument) -> str:
    """The name shown for an option's value or an argument: FILE, N, DATE... (from METAVARS, the type or name)."""
    if param.name in METAVARS:
        return METAVARS[param.name]
    if param.bare_type() in ("int", "list[int]"):
        return "N"
    return (param.name or "value").rsplit("_", 1)[-1].upper()


class Argument(TyperArgument):
    """An argument shown by its metavar alone (`NAME`, `PATH...`), not typer's `{name}` and `<str>`."""

    @property
    def display_name_raw(self) -> str:
        return self.metavar or metavar(self)

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return [name if self.required else f"[{name}]"]


class Option(TyperOption):
    """An option shown as `--json` when it is a flag and `--db FILE` when it takes a value."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        return self.metavar or metavar(self)


def present(params: list[Any]) -> list[Any]:
    """The same parameters, each under the class above that matches it, so the help shows them as it should."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = Argument
        elif type(param) is TyperOption:
            param.__class__ = Option
    return params


class Command(TyperCommand):
    """A storyline command: its help shows flags and values as above."""

    def get_params(self, ctx: Any) -> list[Any]:
        return present(super().get_params(ctx))


class Group(TyperGroup):
    """The `storyline` command group: its own options (--help) shown as above."""

    def get_params(self, ctx: Any) -> list[Any]:
        return present(super().get_params(ctx))


def example(*lines: str) -> str:
    """A command's epilog: `Example:` (or `Examples:`) and the invocations, one per line, as they are typed."""
    heading = "Examples:" if len(lines) > 1 else "Example:"
    return f"**{heading}**\n\n" + "\n\n".join(f"`{line}`" for line in lines)


def command(app: typer.Typer, name: str, *examples: str) -> Any:
    """app.command(name) with the storyline help classes and an example in the epilog."""
    return app.command(name, cls=Command, epilog=example(*examples) if examples else None)
