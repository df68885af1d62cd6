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

from nlp_toolkit.memo import text_memo

_LOCK = threading.Lock()
CACHE_ENV = "NLP_TOOLKIT_CACHE"
PREFIX_CACHE = "jieba_prefix.pickle"  # jieba's prefix dictionary, pickled (faster to load than its marshal cache)
TAGS_CACHE = "jieba_tags.pickle"  # jieba.posseg's word → tag table, pickled
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

    The default one, not a Tokenizer of our own: `import jieba.posseg` builds its tagger over the
    default tokenizer anyway, and spaCy's jieba segmenter uses it too, so a second tokenizer
    would load the 350,000-word dictionary and its tag table twice (about 2 s at start-up).
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


@cache
def pos_tagger():
    """jieba's POS tagger over the same tokenizer (user words keep their tags).

    `import jieba.posseg` builds its tagger at import time, reading the tags of the 349,000
    words of jieba's dictionary line by line (half a second, the largest part of start-up).
    The table it builds is pickled in `cache_dir()`; when the pickle matches, the import is
    pointed at an empty word list and the table loaded from the pickle instead — the same
    words and tags (tests/test_startup.py compares the two). Any problem: the plain import.
    """
    tokenizer = jieba_tokenizer()
    with _LOCK:
        key = _tags_key(tokenizer)
        folder = cache_dir()
        table = _load_pickle(folder / TAGS_CACHE, key) if folder is not None and key is not None else None
        tagger = _import_tagger(tokenizer, folder, table)
        if table is None and folder is not None and key is not None:
            _save_pickle(folder / TAGS_CACHE, key, tagger.word_tag_tab)
    return tagger


def _import_tagger(tokenizer, folder: Path | None, table: dict | None):
    """jieba.posseg's tagger; with a cached `table`, imported over an empty word list first."""
    import sys

    if table is None or "jieba.posseg" in sys.modules:
        import jieba.posseg

        return jieba.posseg.dt
    empty = folder / "jieba_no_words.txt"
    try:
        empty.touch(exist_ok=True)
    except OSError:
        table = None
    saved = tokenizer.dictionary
    if table is not None:
        tokenizer.dictionary = str(empty)
    try:
        import jieba.posseg
    finally:
        tokenizer.dictionary = saved
    tagger = jieba.posseg.dt
    if table is not None:
        tagger.word_tag_tab = {**table, **tagger.word_tag_tab}  # user words it merged at import win
    return tagger


def _tags_key(tokenizer) -> tuple | None:
    """What the tag table is built from: the dictionary and our user dictionary."""
    import hashlib

    key = _dictionary_key(tokenizer)
    if key is None:
        return None
    user = (resources.files("nlp_toolkit.resources") / "jieba_user.txt").read_bytes()
    return ("tags", *key, hashlib.sha256(user).hexdigest())


@text_memo(maxsize=1 << 14)
def pos_tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs for `text`; tag only the short stretches that need it.

    Cached (a tuple, so that no caller can change it): the same clause endings come back often.
    """
    return tuple((pair.word, pair.flag) for pair in _word_tagger().cut(text))


@cache
def _word_tagger():
    """jieba.posseg's tagger with one change: a run of characters the dictionary does not know is
    cut by jieba's word HMM (what `jieba.lcut` does), not by posseg's joint word-and-tag HMM.

    The joint HMM tries some 250 states per character and was the largest single cost of a
    report's analysis. The words the word HMM finds are tagged by `unknown_word_tag`.
    """
    tagger = pos_tagger()  # first: it imports jieba.posseg the cheap way (its tag table cached)
    import jieba.posseg

    class WordTagger(jieba.posseg.POSTokenizer):
        def __init__(self, tagger):  # shares the tokenizer and the tag table, loads nothing
            self.tokenizer, self.word_tag_tab = tagger.tokenizer, tagger.word_tag_tab

        def _POSTokenizer__cut(self, run):  # overrides posseg's private joint-HMM cut of a run
            from jieba import finalseg

            for word in finalseg.cut(run):
                yield jieba.posseg.pair(word, unknown_word_tag(word))

    return WordTagger(tagger)


def unknown_word_tag(word: str) -> str:
    """The tag of a word the word HMM cut out of a run the dictionary does not know.

    A word of two or more characters is a noun: names, places and new compounds, the words a
    subject is made of (tagging them by `hmm_tag` agreed more often with posseg's joint HMM,
    98.6% against 95% on the corpora's clauses, but matched fewer gold subjects: metrics F1 lower
    on three evaluation sets, none higher). A single character takes `hmm_tag`, not its
    dictionary tag: the dictionary tags many
    characters as bound morphemes (仍 zg), which the subject rules would read as nouns.
    """
    return hmm_tag(word) if len(word) == 1 else "n"


@text_memo(maxsize=4096)
def hmm_tag(word: str) -> str:
    """The tag posseg's HMM gives `word` taken as one word: the best start and emission scores of
    its characters as B M… E (S for one character) under each tag; a noun where no tag fits."""
    start, emit = _hmm_tables()
    states = ("S",) if len(word) == 1 else ("B", *("M",) * (len(word) - 2), "E")
    best, best_tag = _NEVER / 2, "n"
    for tag, by_state in emit.items():
        score = start.get((states[0], tag), _NEVER)
        for state, char in zip(states, word):
            score += by_state[state].get(char, _NEVER)
        if score > best:
            best, best_tag = score, tag
    return best_tag


_NEVER = -3.14e100  # posseg's log probability of what its tables do not have


@cache
def _hmm_tables() -> tuple[dict, dict[str, dict[str, dict[str, float]]]]:
    """posseg's start probabilities, and its emission probabilities as tag → state → char."""
    from jieba.posseg.prob_emit import P as emit
    from jieba.posseg.prob_start import P as start

    by_tag: dict[str, dict[str, dict[str, float]]] = {}
    for (state, tag), chars in emit.items():
        by_tag.setdefault(tag, {s: {} for s in "BMES"})[state] = chars
    return start, by_tag


@text_memo(maxsize=1 << 14)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of `text` (cached, as a tuple: rules segment the same short strings often)."""
    return tuple(jieba_tokenizer().lcut(text))


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
