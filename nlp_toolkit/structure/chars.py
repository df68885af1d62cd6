"""Character classes: the one home of the punctuation, bracket and quote sets the modules test against.

Each class is a string of its characters (test one character with `ch in CLASS`, strip with
`text.strip(CLASS)`, build a regex class with `char_class(CLASS)`). Where two modules need
different sets, both are named here, each with what it is for, so a difference is a decision
and not an accident; several are built from a smaller one to show how they relate.
"""
from __future__ import annotations

import re

# Sentences and paragraphs
SENTENCE_END = "。！？；!?;"  # ends a sentence (the semicolon counts: 一是……；二是……)
FULL_STOPS = "。！？!?"  # ends a sentence for certain (the semicolon does not: headings)
PARAGRAPH_END = SENTENCE_END + "：:"  # a line ending on one of these may end its paragraph
CLOSERS = "”’」』）)》"  # closing quotes and brackets that belong to the sentence before them
OCR_PARAGRAPH_END = "。；：！？》”）"  # after these a scanned line that looks like a heading starts a paragraph
INK_LEFT = "，。、；：？！"  # full-width marks drawn in the left half of their square (OCR)
NO_LINE_START = "，。、；：？！）》」』】〕”’%％…—·,.;:?!)]}'\""  # never start a line (PDF line joins)

# Clauses
CLAUSE_END = "，,。；;：:！？!?\n"  # ends a clause
CLAUSE_BREAK = CLAUSE_END + "、"  # ends a clause or an item of an enumeration
CLAUSE_MARKS = "，,；;。：:！？"  # the clause marks a commitment is split on (no newline, no ASCII ! ?)
INNER_CLAUSE = "，；、,;：:"  # a break inside a sentence (where a long passage may be cut)
CLAUSE_EDGE = CLAUSE_BREAK + "（）()“”"  # a repeated phrase must start and end on one of these
PHRASE_BREAK = CLAUSE_EDGE + "《》"  # the context shown around a word stops at these
SEGMENT_BREAK = CLAUSE_END + "（）()“”‘’《》【】"  # the segments a list of words is read from
LEADING_PUNCT = "，,。；;：:、！？!?）)”’】》"  # cannot start a phrase (skipped before a repeat)
DANGLING = "，,、"  # a paragraph ending on one of these stops mid-sentence
COLONS = "：:"
CELL_BREAK = "\t"  # a table reader's cell separator: a figure and its unit never straddle it (a hard-wrapped line may)
INNER_PUNCT = "，,。；;"  # a paragraph holding one of these is written in sentences

# Items, headings, labels and records
BEFORE_ITEM_MARKER = "。；;，,：:！？!?、）)”\n "  # an in-paragraph item marker (一是) follows one of these
ITEM_TRAILING = " \t\n\u3000；;，,。、：:"  # trimmed from the end of an item
HEADING_TRAILING = " \t\n\u3000：:。；;，,"  # trimmed around a heading or a response (、 kept: 整改、落实)
AFTER_LABEL = "。：:；; \n"  # skipped after a category label (思想认识方面：)
RECORD_TRIM = " \t；;。，,"  # trimmed around a labelled record's value

# Brackets, quotes and everything that is punctuation
BRACKET_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "【": "】", "「": "」", "〔": "〕"}
QUOTE_PAIRS = {"“": "”", "《": "》", "\"": "\"", "「": "」"}  # quotes that make a phrase one subject
FULLWIDTH_KEPT = "，。；：！？、（）《》“”‘’【】"  # full-width marks the parser relies on (never folded to ASCII)
PUNCTUATION = "，,。.；;：:、！!？?（）()“”‘’\"'《》〈〉【】[]—-…·/／～~|"  # not content when comparing wording


def char_class(chars: str, *, negate: bool = False) -> str:
    """A regex character class of `chars` (every character escaped), `[^…]` when negated."""
    return "[" + ("^" if negate else "") + re.escape(chars) + "]"
