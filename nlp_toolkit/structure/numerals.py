"""Small ordinals in headings and item markers (一 … 九十九, ①…⑳)."""
from __future__ import annotations


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def ordinal(text: str, kind: str) -> int | None:
    """The number a heading marker states, or None when it states none."""
    if kind == "arabic":
        return int(text)
    if kind == "circled":
        return _CIRCLED.index(text) + 1
    if kind == "cn":
        try:
            return int(_cn2an(text, "normal"))
        except (ValueError, KeyError):
            return None
    return None


def _cn2an(written: str, mode: str):
    """cn2an, imported on first use (it costs about a second at start-up)."""
    import cn2an

    return cn2an.cn2an(written, mode)
