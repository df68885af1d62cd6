"""What every reader shares: the error type and the reader signature."""
from __future__ import annotations


class ReadError(Exception):
    """A file could not be read. `reason` is a short Chinese sentence for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
