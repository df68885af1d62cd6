"""The output formats: one registry of writers, which the CLI's format choices come from.

A writer is `Writer(format, write)`, offered by one `command`:

- ``"analyze"``: a `--format` of `analyze`; `write(batch, *, show_dismissed) -> str` (what goes to
  stdout or `-o`). ``jsonl`` streams (`streams=True`): the CLI writes it document by document.
- ``"check"``: a `--output-format` of `check`; `write(batch, findings, *, quiet, show_dismissed) -> str`.
- ``"file"``: a file of its own (`--excel`, `--html`); `write(batch, path, *, overwrite,
  show_dismissed, html, folder)` writes it.

The toolkit's own writers are registered in `output/writers.py`; a plug-in adds one through
the entry point group ``nlp_toolkit.writers`` (as sqlfluff's FormatType, but open).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nlp_toolkit.registry import Registry

COMMANDS = ("analyze", "check", "file")


@dataclass(frozen=True)
class Writer:
    """One output format: its name as the user types it, the function writing it, and where it is offered."""

    format: str
    write: Callable[..., object]
    command: str = "analyze"
    help: str = ""
    streams: bool = False


WRITERS: Registry[Writer] = Registry("writers", builtins="nlp_toolkit.output.writers:register",
                                     check=lambda obj: isinstance(obj, Writer) and obj.command in COMMANDS)


def writers(command: str) -> list[Writer]:
    """The writers `command` offers, the toolkit's own first."""
    return [w for w in WRITERS.all().values() if w.command == command]


def formats(command: str) -> list[str]:
    """The format names `command` offers (the CLI's choices)."""
    return [w.format for w in writers(command)]


def writer(command: str, format: str) -> Writer:
    """The writer of `format` for `command`; KeyError when there is none."""
    for found in writers(command):
        if found.format == format:
            return found
    raise KeyError(format)


def formats_help(command: str) -> str:
    """The `--format` help: each format with what it writes."""
    return "、".join(f"{w.format}（{w.help}）" if w.help else w.format for w in writers(command))
