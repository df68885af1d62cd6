"""jieba's segmentation and POS tagging over a prebuilt dictionary.

jieba keeps its 350,000 words as a Python dict of every word and every prefix of a word, built
at start-up (from its marshal cache: about 0.3 s and 60 MB), and posseg reads the same file's
349,000 tags line by line on import. Here the words, their frequencies and tags are one marisa
trie with arrays beside it, built once from jieba's own dictionary with the project's user words
(by jieba's own code, so the same frequencies and total), cached in `jieba_files.cache_dir()` and loaded
in a few milliseconds.

`words` is `jieba.lcut` and `tagged` is jieba.posseg's `lcut` with one change (a run of
characters the dictionary does not know is cut by jieba's word HMM and tagged by
`unknown_word_tag`): the same algorithms, step for step — a DAG of dictionary words, the route
of highest log frequency, unknown runs to `jieba.finalseg`. The trie gives each position's
dictionary words in one call where jieba walks its prefix dict a character at a time.
tests/test_segment.py checks both against jieba itself on the corpora.
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import threading
from array import array
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from nlp_toolkit.jieba_files import cache_dir, dictionary_key, import_jieba, load_pickle, save_pickle
from nlp_toolkit.memo import text_memo

_LOCK = threading.Lock()
_LONG_RUN = 4096  # characters in one run of Chinese without a break, past which the route is kept in arrays
CACHE_NAME = "jieba_dictionary.trie.pickle"
_FORMAT = 1  # bump when what the cache holds changes
USER_DICTIONARY = "jieba_user.txt"

# jieba.posseg's block patterns (importing jieba.posseg would read its tag table); jieba's own
# patterns for plain cutting are taken from jieba itself
_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")


@dataclass(frozen=True)
class Dictionary:
    """jieba's words as a trie; per key id, the word's frequency, its log weight and its tag.

    Keys are the words jieba counts (frequency > 0), the words posseg has a tag for, and the
    user's words of frequency 0 (which jieba keeps but never cuts as a word).
    """

    trie: object  # marisa_trie.Trie
    freq: array  # 'q', by key id
    weight: array  # 'd', log(freq) - log(total) by key id, as jieba's `calc` computes it
    tag_index: bytes  # by key id, an index into tag_names
    tag_names: tuple[str, ...]
    total: int
    max_len: int
    force_split: tuple[str, ...]  # the user's frequency-0 words: finalseg splits them
    lone_weight: float = field(init=False)  # jieba's score of a character no word starts with

    def __post_init__(self):
        object.__setattr__(self, "lone_weight", math.log(1) - math.log(self.total))

    def frequency(self, word: str) -> int:
        """jieba's FREQ.get(word) or 0: 0 for a prefix, an unknown word or a frequency-0 word."""
        key = self.trie.get(word)
        return 0 if key is None else self.freq[key]

    def tag(self, word: str) -> str:
        """posseg's tag of `word` (its word_tag_tab.get(word, 'x'))."""
        key = self.trie.get(word)
        return "x" if key is None else self.tag_names[self.tag_index[key]]

    def __contains__(self, text: str) -> bool:
        """`text in jieba's FREQ`: a word of the dictionary, or the beginning of one."""
        return next(self.trie.iterkeys(text), None) is not None

    def words_starting(self, text: str) -> list[tuple[str, int]]:
        """(word, frequency) of the dictionary's words that begin with `text`."""
        return [(word, self.freq[key]) for word, key in self.trie.items(text)]

    def route(self, sentence: str) -> tuple[list[int], list[int]]:
        """jieba's `get_DAG` + `calc`: for each start, where its best word ends (exclusive) and
        that word's key id (-1 for a character the dictionary does not count)."""
        n = len(sentence)
        if n > _LONG_RUN:  # unboxed arrays: a run of millions of characters would need ~100 bytes each in lists
            best, ends, keys = array("d", bytes(8 * (n + 1))), array("q", bytes(8 * (n + 1))), array("q", [-1]) * (n + 1)
        else:
            best, ends, keys = [0.0] * (n + 1), [0] * (n + 1), [-1] * (n + 1)
        prefixes, freq, weight, longest = self.trie.iter_prefixes_with_ids, self.freq, self.weight, self.max_len
        unknown = self.lone_weight
        for start in range(n - 1, -1, -1):
            top_score, top_end, top_key = unknown + best[start + 1], start + 1, -1
            found = False
            for word, key in prefixes(sentence[start:start + longest]):
                if not freq[key]:
                    continue
                end = start + len(word)
                score = weight[key] + best[end]
                # jieba takes max((score, last index)) over the DAG; the lone character counts
                # only when no dictionary word starts here
                if not found or score > top_score or (score == top_score and end > top_end):
                    top_score, top_end, top_key, found = score, end, key, True
            best[start], ends[start], keys[start] = top_score, top_end, top_key
        return ends, keys


@cache
def dictionary() -> Dictionary:
    """The project's dictionary: from the cache when it was built from the same files, else
    built (about 2 s, once) and cached. Loaded once, under a lock."""
    with _LOCK:
        folder = cache_dir()
        key = _key()
        path = folder / CACHE_NAME if folder is not None else None
        built = _load(path, key) if path is not None and key is not None else None
        if built is None:
            built = _build(folder)
            if path is not None and key is not None:
                _save(path, key, built)
        _force_split(built)
    return built


def _key() -> tuple | None:
    """What the dictionary is built from: jieba's dictionary file and our user dictionary."""
    jieba = import_jieba()
    key = dictionary_key(jieba.dt)
    if key is None:
        return None
    user = (resources.files("nlp_toolkit.resources") / USER_DICTIONARY).read_bytes()
    return ("trie", _FORMAT, *key, hashlib.sha256(user).hexdigest())


def _build(folder: Path | None) -> Dictionary:
    """Build the dictionary with jieba's own code: a fresh Tokenizer (not jieba.dt, which other
    code may use), its prefix dict, our user words, and posseg's tags read as posseg reads them."""
    import marisa_trie
    from jieba import finalseg

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if folder is not None:
        tokenizer.tmp_dir = str(folder)  # jieba's own cache, shared with jieba.dt
    tokenizer.initialize()
    already_split = set(finalseg.Force_Split_Words)
    with resources.as_file(resources.files("nlp_toolkit.resources") / USER_DICTIONARY) as user:
        tokenizer.load_userdict(str(user))
    force_split = tuple(sorted(finalseg.Force_Split_Words - already_split))
    tags = _posseg_tags(tokenizer)
    counted = {word: count for word, count in tokenizer.FREQ.items() if count}
    trie = marisa_trie.Trie([*counted, *tags, *force_split])
    names = tuple(sorted({*tags.values(), "x"}))
    if len(names) > 255:
        raise ValueError(f"jieba 词典的词性标记超过 255 种（{len(names)}）")
    by_name = {name: i for i, name in enumerate(names)}
    size, log_total = len(trie), math.log(tokenizer.total)
    freq, weight, tag_index = array("q", bytes(8 * size)), array("d", bytes(8 * size)), bytearray(size)
    for word, key in trie.iteritems():
        count = counted.get(word, 0)
        freq[key] = count
        weight[key] = math.log(count) - log_total if count else 0.0
        tag_index[key] = by_name[tags.get(word, "x")]
    return Dictionary(trie, freq, weight, bytes(tag_index), names, tokenizer.total,
                      max(map(len, counted)), force_split)


def _posseg_tags(tokenizer) -> dict[str, str]:
    """posseg's word → tag table: each line of the dictionary file, then the user's tags."""
    tags: dict[str, str] = {}
    with tokenizer.get_dict_file() as file:
        for line in file:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                tags[word] = tag
    tags.update(tokenizer.user_word_tag_tab)
    return tags


def _force_split(built: Dictionary) -> None:
    """Tell jieba's word HMM about the user's frequency-0 words, as jieba's add_word does."""
    if built.force_split:
        from jieba import finalseg

        for word in built.force_split:
            finalseg.add_force_split(word)


def _load(path: Path, key: tuple) -> Dictionary | None:
    """The dictionary cached at `path` for `key`, else None (missing, foreign, damaged)."""
    parts = load_pickle(path, key)
    try:
        import marisa_trie

        trie_bytes, freq_bytes, weight_bytes, tag_index, names, total, longest, force_split = parts
        trie = marisa_trie.Trie().frombytes(trie_bytes)
        freq, weight = array("q"), array("d")
        freq.frombytes(freq_bytes)
        weight.frombytes(weight_bytes)
    except Exception:  # noqa: BLE001 — built again
        return None
    if not len(trie) == len(freq) == len(weight) == len(tag_index):
        return None
    return Dictionary(trie, freq, weight, tag_index, tuple(names), total, longest, tuple(force_split))


def _save(path: Path, key: tuple, built: Dictionary) -> None:
    save_pickle(path, key, (built.trie.tobytes(), built.freq.tobytes(), built.weight.tobytes(),
                             built.tag_index, built.tag_names, built.total, built.max_len, built.force_split))


# --- cutting ----------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """`jieba.lcut(text)` (accurate mode, with the HMM) over the project's dictionary."""
    import jieba

    han, skip, words_of = jieba.re_han_default, jieba.re_skip_default, dictionary()
    found: list[str] = []
    for block in han.split(text):
        if not block:
            continue
        if han.match(block):
            found += _cut_block(block, words_of)
        else:
            for piece in skip.split(block):
                if skip.match(piece):
                    found.append(piece)
                else:
                    found += piece
    return found


def _pieces(block: str, words_of: Dictionary):
    """jieba's `__cut_DAG` walk: the route's words of two or more characters as (start, end, key
    id), and each run of single characters between them gathered as one (start, end, None)."""
    ends, keys = words_of.route(block)
    start, run_start = 0, None
    while start < len(block):
        end = ends[start]
        if end - start == 1:
            run_start = start if run_start is None else run_start
        else:
            if run_start is not None:
                yield run_start, start, None
                run_start = None
            yield start, end, keys[start]
        start = end
    if run_start is not None:
        yield run_start, len(block), None


def _cut_block(block: str, words_of: Dictionary) -> list[str]:
    """The route's words; a run of single characters to `_run_words`."""
    found: list[str] = []
    for start, end, key in _pieces(block, words_of):
        if key is None:
            found += _run_words(block[start:end], words_of)
        else:
            found.append(block[start:end])
    return found


def _run_words(run: str, words_of: Dictionary) -> list[str]:
    if len(run) == 1:
        return [run]
    if not words_of.frequency(run):
        from jieba import finalseg

        return list(finalseg.cut(run))
    return list(run)


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs: jieba.posseg's cut, except that a run of characters the dictionary
    does not know is cut by jieba's word HMM (as `words` cuts it) and tagged by `unknown_word_tag`."""
    words_of = dictionary()
    pairs: list[tuple[str, str]] = []
    for block in _HAN_INTERNAL.split(text):
        if _HAN_INTERNAL.match(block):
            pairs += _tag_block(block, words_of)
            continue
        for piece in _SKIP_INTERNAL.split(block):
            if _SKIP_INTERNAL.match(piece):
                pairs.append((piece, "x"))
                continue
            english = bool(_ENG.match(piece))  # posseg tests the piece, not the character
            for char in piece:
                pairs.append((char, "m" if _NUM.match(char) else "eng" if english else "x"))
    return pairs


def _tag_block(block: str, words_of: Dictionary) -> list[tuple[str, str]]:
    """posseg's `__cut_DAG`: the route's words with their dictionary tags; runs to `_run_pairs`."""
    names, index = words_of.tag_names, words_of.tag_index
    pairs: list[tuple[str, str]] = []
    for start, end, key in _pieces(block, words_of):
        if key is None:
            pairs += _run_pairs(block[start:end], words_of)
        else:
            pairs.append((block[start:end], names[index[key]]))
    return pairs


def _run_pairs(run: str, words_of: Dictionary) -> list[tuple[str, str]]:
    if len(run) == 1:
        return [(run, words_of.tag(run))]
    if not words_of.frequency(run):
        return _unknown_pairs(run)
    return [(char, words_of.tag(char)) for char in run]


def _unknown_pairs(run: str) -> list[tuple[str, str]]:
    """posseg's `__cut_detail`, with Chinese stretches cut by the word HMM."""
    from jieba import finalseg

    pairs: list[tuple[str, str]] = []
    for block in _HAN_DETAIL.split(run):
        if _HAN_DETAIL.match(block):
            pairs += ((word, unknown_word_tag(word)) for word in finalseg.cut(block))
            continue
        for piece in _SKIP_DETAIL.split(block):
            if piece:
                pairs.append((piece, "m" if _NUM.match(piece) else "eng" if _ENG.match(piece) else "x"))
    return pairs


def unknown_word_tag(word: str) -> str:
    """The tag of a word the word HMM cut out of a run the dictionary does not know.

    A word of two or more characters is a noun: names, places and new compounds, the words a
    subject is made of (tagging them by `hmm_tag` agreed more often with posseg's joint HMM,
    98.6% against 95% on the corpora's clauses, but matched fewer gold subjects: metrics F1 lower
    on three evaluation sets, none higher). A single character takes `hmm_tag`, not its
    dictionary tag: the dictionary tags many characters as bound morphemes (仍 zg), which the
    subject rules would read as nouns.
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
    """posseg's start probabilities, and its emission probabilities as tag → state → char.

    Read from posseg's own modules without importing the jieba.posseg package, whose import
    reads the dictionary's 349,000 tags."""
    emit, start = _posseg_table("prob_emit"), _posseg_table("prob_start")
    by_tag: dict[str, dict[str, dict[str, float]]] = {}
    for (state, tag), chars in emit.items():
        by_tag.setdefault(tag, {s: {} for s in "BMES"})[state] = chars
    return start, by_tag


def _posseg_table(name: str) -> dict:
    import importlib.util
    import sys

    module = sys.modules.get(f"jieba.posseg.{name}")
    if module is None:
        import jieba

        path = os.path.join(os.path.dirname(jieba.__file__), "posseg", f"{name}.py")
        spec = importlib.util.spec_from_file_location(f"nlp_toolkit._posseg_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module.P

