"""What every reader shares: the error type, the `Reader` entry and the readers' registry.

A reader is `Reader(name, suffixes, sniff, read)`: `sniff(data)` is True when the bytes hold its
format, `read(data, path, limits)` returns the `Source` (or raises `ReadError`). The toolkit's
own readers are registered in `readers/builtin.py`; a plug-in adds one through the entry point
group ``nlp_toolkit.readers`` (see nlp_toolkit/README.md, "How to write a plug-in").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlp_toolkit.registry import Registry

if TYPE_CHECKING:
    from nlp_toolkit.model import Source
    from nlp_toolkit.readers.limits import Limits


class ReadError(Exception):
    """A file could not be read. `reason` is a short Chinese sentence for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Reader:
    """One input format.

    Attributes:
        name: the format's name, also what `readers.sniff` returns for it.
        suffixes: the file suffixes (lower case, with the dot) read from a folder.
        sniff: True when the first bytes hold this format; None for the fallback (plain text).
        read: `read(data, path, limits) -> Source`.
        labels: how the format is named to the user (help, the unsupported-type message).
        damaged: the reason given when a file has one of `suffixes` but no reader knows its content.
        priority: sniffing order (lower first) where two formats' signatures could overlap.
    """

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool] | None
    read: Callable[[bytes, str, "Limits"], "Source"]
    labels: tuple[str, ...] = ()
    damaged: str | None = None
    priority: int = 50


READERS: Registry[Reader] = Registry("readers", builtins="nlp_toolkit.readers.builtin:register",
                                     check=lambda obj: isinstance(obj, Reader))
