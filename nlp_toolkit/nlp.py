"""Lazily loaded language resources: jieba with the project's user dictionary, spaCy blank zh."""
from __future__ import annotations

import logging
import os
import threading
from functools import cache
from importlib import resources
from pathlib import Path

_LOCK = threading.Lock()
CACHE_ENV = "NLP_TOOLKIT_CACHE"


def cache_dir() -> Path | None:
    """Where jieba's prefix-dictionary cache and the POS table are kept, created if needed.

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
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        tokenizer = jieba.dt
        folder = cache_dir()
        if folder is not None:
            tokenizer.tmp_dir = str(folder)  # jieba writes jieba.cache there, atomically
        tokenizer.initialize()
        with resources.as_file(resources.files("nlp_toolkit.resources") / "jieba_user.txt") as path:
            tokenizer.load_userdict(str(path))
    return tokenizer


@cache
def pos_tagger():
    """jieba's POS tagger over the same tokenizer (user words keep their tags)."""
    jieba_tokenizer()
    import jieba.posseg

    return jieba.posseg.dt


def pos_tag(text: str) -> list[tuple[str, str]]:
    """(word, flag) pairs for `text`; tag only the short stretches that need it (it is slow)."""
    return [(pair.word, pair.flag) for pair in pos_tagger().cut(text)]


def words(text: str) -> list[str]:
    return jieba_tokenizer().lcut(text)


@cache
def blank_zh():
    """spaCy's blank Chinese pipeline with the jieba segmenter (no download needed)."""
    import spacy

    jieba_tokenizer()  # silence and warm jieba before spaCy imports it
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
