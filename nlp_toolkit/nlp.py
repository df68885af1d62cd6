"""Lazily loaded language resources: jieba with the project's user dictionary, spaCy blank zh."""
from __future__ import annotations

import logging
import threading
from functools import cache
from importlib import resources
from pathlib import Path

from nlp_toolkit import segment
from nlp_toolkit.jieba_files import CACHE_ENV, cache_dir, dictionary_key, import_jieba, load_pickle, save_pickle
from nlp_toolkit.memo import text_memo
from nlp_toolkit.segment import hmm_tag, unknown_word_tag  # noqa: F401 — part of this module's API

_LOCK = threading.Lock()
__all__ = ["CACHE_ENV", "cache_dir", "jieba_tokenizer", "pos_tag", "words", "hmm_tag", "unknown_word_tag",
           "spacy_doc", "blank_zh"]
PREFIX_CACHE = "jieba_prefix.pickle"  # jieba's prefix dictionary, pickled (faster to load than its marshal cache)
_PREFIX_FORMAT = 1  # bump when what the cache holds changes


@cache
def jieba_tokenizer():
    """jieba's default Tokenizer with the project's user dictionary loaded (once, under a lock).

    The toolkit's own words and tags come from `segment` (a prebuilt dictionary that loads in
    milliseconds); this one is for what calls jieba itself: spaCy's jieba segmenter (which uses
    the default tokenizer) and the comparisons with jieba in the tests and benchmarks.
    """
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        tokenizer = jieba.dt
        _initialize(tokenizer)
        with resources.as_file(resources.files("nlp_toolkit.resources") / "jieba_user.txt") as path:
            tokenizer.load_userdict(str(path))
    return tokenizer


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
    key = dictionary_key(tokenizer)
    key = (_PREFIX_FORMAT, *key) if key is not None else None
    path = folder / PREFIX_CACHE
    if key is not None and _load_prefix_dict(tokenizer, path, key):
        return
    tokenizer.initialize()
    if key is not None:
        _save_prefix_dict(tokenizer, path, key)


def _load_prefix_dict(tokenizer, path: Path, key: tuple) -> bool:
    """True when the pickle at `path` was written for `key` and is now the tokenizer's dictionary."""
    value = load_pickle(path, key)
    if not isinstance(value, tuple) or len(value) != 2:
        return False
    freq, total = value
    if not isinstance(freq, dict) or not isinstance(total, int) or not freq:
        return False
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return True


def _save_prefix_dict(tokenizer, path: Path, key: tuple) -> None:
    save_pickle(path, key, (tokenizer.FREQ, tokenizer.total))


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
