"""jieba imported cheaply, its dictionary file's identity, and the user cache folder where what is
built from that dictionary is kept (as pickles written atomically, read only when they are the
user's own and were written for the same dictionary)."""
from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

CACHE_ENV = "NLP_TOOLKIT_CACHE"


def cache_dir() -> Path | None:
    """Where jieba's prefix-dictionary caches (ours, pickled, and jieba's own) are kept, created if needed.

    `NLP_TOOLKIT_CACHE` if set, else `$XDG_CACHE_HOME/nlp_toolkit`, else `~/.cache/nlp_toolkit`;
    None when that folder cannot be created (jieba then uses the system temporary folder).
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        folder = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "nlp_toolkit"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def import_jieba():
    """`import jieba` without its `import pkg_resources` (a third of jieba's import time).

    jieba uses pkg_resources only to open its own data files, and opens them by path when the
    import fails; pkg_resources is blocked for that one import and importable again after it.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def dictionary_key(tokenizer) -> tuple | None:
    """What is built from `tokenizer`'s dictionary depends on: jieba's version and the dictionary
    file's identity (None when there is no file to key on)."""
    import jieba

    name = tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    try:
        stat = os.stat(name)
    except OSError:  # e.g. jieba installed zipped: no file to key on, no pickle
        return None
    return jieba.__version__, os.path.abspath(name), stat.st_size, stat.st_mtime_ns


def load_pickle(path: Path, key: tuple):
    """What the pickle at `path` holds when it was written for `key`, else None."""
    try:
        with open(path, "rb") as file:
            if not _private(os.fstat(file.fileno())) or pickle.load(file) != key:
                return None
            value = pickle.load(file)
    except Exception:  # noqa: BLE001 — missing, truncated or foreign: built again
        return None
    return value if value else None


def _private(stat: os.stat_result) -> bool:
    """Only unpickle a file this user owns and nobody else may write (where that can be told)."""
    if not hasattr(os, "getuid"):
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def save_pickle(path: Path, key: tuple, value) -> None:
    """Write (key, value) to `path` atomically; a cache that cannot be written is skipped."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except Exception:  # noqa: BLE001 — disk full, read-only folder…: the next run tries again
        try:
            os.unlink(temp)
        except OSError:
            pass
