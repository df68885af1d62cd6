"""Lazily loaded language resources: jieba with the project's user dictionary, spaCy blank zh."""
from __future__ import annotations

import logging
import os
import pickle
import tempfile
import threading
from functools import cache
from importlib import resources
from pathlib import Path

from nlp_toolkit import segment
from nlp_toolkit.memo import text_memo
from nlp_toolkit.segment import hmm_tag, unknown_word_tag  # noqa: F401 — part of this module's API

_LOCK = threading.Lock()
CACHE_ENV = "NLP_TOOLKIT_CACHE"
PREFIX_CACHE = "jieba_prefix.pickle"  # jieba's prefix dictionary, pickled (faster to load than its marshal cache)
_PREFIX_FORMAT = 1  # bump when what the cache holds changes


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


@cache
def jieba_tokenizer():
    """jieba's default Tokenizer with the project's user dictionary loaded (once, under a lock).

    The toolkit's own words and tags come from `segment` (a prebuilt dictionary that loads in
    milliseconds); this one is for what calls jieba itself: spaCy's jieba segmenter (which uses
    the default tokenizer) and the comparisons with jieba in the tests and benchmarks.
    """
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        tokenizer = jieba.dt
        _initialize(tokenizer)
        with resources.as_file(resources.files("nlp_toolkit.resources") / "jieba_user.txt") as path:
            tokenizer.load_userdict(str(path))
    return tokenizer


def _import_jieba():
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


def _initialize(tokenizer) -> None:
    """Load `tokenizer`'s prefix dictionary: from our pickle in `cache_dir()` when it matches the
    dictionary, else with jieba's own `initialize` (its cache kept in the same folder), after which
    the pickle is (re)written. Must run before the user dictionary is added."""
    if tokenizer.initialized:
        return
    folder = cache_dir()
    if folder is None:
        tokenizer.initialize()
        return
    tokenizer.tmp_dir = str(folder)  # jieba writes jieba.cache there, atomically
    key = _dictionary_key(tokenizer)
    path = folder / PREFIX_CACHE
    if key is not None and _load_prefix_dict(tokenizer, path, key):
        return
    tokenizer.initialize()
    if key is not None:
        _save_prefix_dict(tokenizer, path, key)


def _dictionary_key(tokenizer) -> tuple | None:
    """What the prefix dictionary is built from: jieba's version and the dictionary file's identity."""
    import jieba

    name = tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    try:
        stat = os.stat(name)
    except OSError:  # e.g. jieba installed zipped: no file to key on, no pickle
        return None
    return _PREFIX_FORMAT, jieba.__version__, os.path.abspath(name), stat.st_size, stat.st_mtime_ns


def _load_prefix_dict(tokenizer, path: Path, key: tuple) -> bool:
    """True when the pickle at `path` was written for `key` and is now the tokenizer's dictionary."""
    value = _load_pickle(path, key)
    if not isinstance(value, tuple) or len(value) != 2:
        return False
    freq, total = value
    if not isinstance(freq, dict) or not isinstance(total, int) or not freq:
        return False
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return True


def _load_pickle(path: Path, key: tuple):
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


def _save_prefix_dict(tokenizer, path: Path, key: tuple) -> None:
    _save_pickle(path, key, (tokenizer.FREQ, tokenizer.total))


def _save_pickle(path: Path, key: tuple, value) -> None:
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


@text_memo(maxsize=1 << 14)
def pos_tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs for `text`: jieba.posseg's tags over jieba's own words (`segment.tagged`).

    Cached (a tuple, so that no caller can change it): the same clause endings come back often.
    """
    return tuple(segment.tagged(text))


@text_memo(maxsize=1 << 14)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of `text`, as `jieba.lcut` cuts them (`segment.words`; cached, as a tuple:
    rules segment the same short strings often)."""
    return tuple(segment.words(text))


def spacy_doc(vocab, text: str):
    """The spaCy Doc that the blank `zh` pipeline's jieba segmenter makes of `text`, from the
    memo of `words` (a problem the rules already segmented is not segmented again)."""
    from spacy.tokens import Doc
    from spacy.util import get_words_and_spaces

    tokens, spaces = get_words_and_spaces([word for word in words(text) if word], text)
    return Doc(vocab, words=tokens, spaces=spaces)


@cache
def blank_zh():
    """spaCy's blank Chinese pipeline with the jieba segmenter (no download needed)."""
    import spacy

    jieba_tokenizer()  # silence and warm jieba before spaCy imports it
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
