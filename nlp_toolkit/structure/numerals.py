"""Small ordinals in headings and item markers (一 … 九十九, ①…⑳)."""
from __future__ import annotations

from nlp_toolkit.memo import text_memo

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九十")} | {"零": 0, "两": 2}


def ordinal(text: str, kind: str) -> int | None:
    """The number a heading marker states, or None when it states none."""
    if kind == "arabic":
        return int(text)
    if kind == "circled":
        return _CIRCLED.index(text) + 1
    if kind == "cn":
        try:
            return int(cn_to_number(text))
        except (ValueError, KeyError):
            return None
    return None


@text_memo(maxsize=4096)
def cn_to_number(written: str, mode: str = "normal"):
    """cn2an's value of a Chinese numeral (cached; cn2an is imported on first use, it costs
    about a second at start-up, so the one-character numerals most reports only use — 一、 二是
    两次 — are read without it). Raises ValueError or KeyError when `written` is no numeral."""
    if written in _DIGITS:
        return _DIGITS[written]
    import cn2an

    return cn2an.cn2an(written, mode)
