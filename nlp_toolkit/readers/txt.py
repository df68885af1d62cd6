"""Plain-text reader: encoding detection, BOM stripping, line-ending normalisation.

Order of attempts: a byte-order mark decides outright (UTF-8, UTF-16, UTF-32); then strict
UTF-8 (charset-normalizer can misjudge short Chinese texts); then the Chinese codecs
charset-normalizer ranks highest (GBK-family decoded as GB18030, its superset; Big5);
then GB18030 and Big5 as a last resort. Characters are kept as written (no NFKC); control
and zero-width characters stay in `text` (offsets index the text as submitted) unless there
are so many that the file is binary.

A file pasted together from parts in different encodings (UTF-8 lines among GBK ones) is
decoded line by line, best effort, and its `encoding` names every codec used, joined by
"+" (e.g. ``utf-8+gb18030``) — a note that the file mixes encodings. UTF-16 without a BOM is
recognised by where its zero bytes sit; HZ (``~{…~}``) before UTF-8, which would take it too.
"""
from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from nlp_toolkit.model import Source
from nlp_toolkit.readers.base import ReadError

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"}
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_MAX_CONTROL_RATIO = 0.02

BINARY_REASON = "不是文本文件（疑似二进制内容）"
NO_TEXT_REASON = "文件没有文字内容"


def normalize_newlines(text: str) -> str:
    """Turn \\r\\n and lone \\r into \\n and drop a leading BOM character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode `data`, returning (text, codec name); raise ReadError if it is not text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, path), codec
    if b"\x00" in data:
        if (codec := utf16_without_bom(data)) is not None:
            return data.decode(codec), codec
        raise ReadError(path, BINARY_REASON)
    if data.isascii() and (hz := _decode_hz(data)) is not None:
        return hz, "hz"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    for codec in _candidates(data):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    if (by_line := _decode_by_line(data)) is not None:
        return by_line
    raise ReadError(path, "无法识别文件编码（不是 UTF-8、GBK、GB18030 或 Big5 编码的文本）")


_UTF16_PARITY = 0.75  # share of the zero bytes that must sit on one side of each code unit
# (not all: a CJK character such as 一 U+4E00 has a zero low byte)


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text saved without a byte-order mark, else None.

    Such text has zero bytes almost only on one side of its code units (the high byte of
    ASCII digits, spaces and newlines, which every report has); binary data has them anywhere.
    The decoded text must also hold letters and no run of control characters.
    """
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < _UTF16_PARITY * (even + odd):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if looks_binary(text) or sum(ch.isalpha() for ch in text) < 0.3 * len(text.strip() or "x"):
        return None
    return codec


def _decode_hz(data: bytes) -> str | None:
    """HZ (RFC 1843: GB2312 between ~{ and ~}, as old mail gateways sent Chinese) — ASCII bytes
    that read as ASCII too, so it must be recognised before UTF-8."""
    if b"~{" not in data or b"~}" not in data:
        return None
    try:
        text = data.decode("hz")
    except UnicodeDecodeError:
        return None
    return text if sum(1 for ch in text if ord(ch) > 0x2E80) >= 2 else None


def _decode_by_line(data: bytes) -> tuple[str, str] | None:
    """Last resort for a file no codec takes whole: each line as UTF-8, else as GB18030 (a few
    UTF-8 characters pasted into a GBK report, too short to count as UTF-8 evidence)."""
    out, used = [], []
    for line in data.split(b"\n"):
        for codec in ("utf-8", "gb18030"):
            try:
                out.append(line.decode(codec))
            except UnicodeDecodeError:
                continue
            if not line.isascii() and codec not in used:
                used.append(codec)
            break
        else:
            return None
    return "\n".join(out), "+".join(used) or "ascii"


_MIXED_MIN_CHARS = 4  # non-ASCII characters a UTF-8 line needs to count as UTF-8 evidence


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """Decode line by line when some lines are clearly UTF-8 and others are not; else None.

    A line counts as UTF-8 when it decodes strictly and holds a few non-ASCII characters
    (a short GBK line can be valid UTF-8 by chance; a CJK-bearing one practically never), or
    when it does not read as GB2312 (`_plain_gb`).
    The other lines are decoded together with the best Chinese codec that takes them all.
    """
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    other: list[int] = []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(i)
            continue
        if sum(1 for ch in decoded if ord(ch) > 127) >= _MIXED_MIN_CHARS or not _plain_gb(line):
            utf8[i] = decoded
        else:
            other.append(i)
    if not utf8 or not other:
        return None
    rest = b"\n".join(lines[i] for i in other)
    for codec in _candidates(rest):
        try:
            decoded_rest = dict(zip(other, rest.decode(codec).split("\n")))
        except UnicodeDecodeError:
            continue
        if len(decoded_rest) != len(other):
            continue
        text = "\n".join(utf8.get(i) or decoded_rest.get(i) or line.decode("ascii") for i, line in enumerate(lines))
        return text, f"utf-8+{codec}"
    return None


def _plain_gb(line: bytes) -> bool:
    """Whether `line` reads as GB2312 text (the common characters every GBK report uses).

    UTF-8's continuation bytes (80–BF) fall outside GB2312's byte range, so a short UTF-8 line
    read as GBK lands on rare GBK-only characters or fails: a line valid as UTF-8 that is not
    plain GB2312 is UTF-8, however short ("附："). """
    try:
        line.decode("gb2312")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise ReadError(path, f"文件编码错误：按 {codec.upper()} 解码失败，文件可能已损坏") from None


def _candidates(data: bytes) -> list[str]:
    """Chinese codecs in charset-normalizer's order, then GB18030 and Big5 as fallbacks."""
    ranked = [match.encoding for match in from_bytes(data)]
    out: list[str] = []
    for name in ranked + ["gb18030", "big5", "cp950"]:
        codec = _family_codec(name)
        if codec and codec not in out:
            out.append(codec)
    return out


def _family_codec(name: str) -> str | None:
    name = name.lower().replace("-", "_")
    if name in _GB_FAMILY:
        return "gb18030"
    if name in _BIG5_FAMILY:
        return "big5" if name == "big5" else name
    return None


def looks_binary(text: str) -> bool:
    """True when control characters other than tab/newline make up a noticeable share."""
    if not text:
        return False
    controls = sum(1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    return controls / len(text) > _MAX_CONTROL_RATIO


def read_txt_bytes(data: bytes, path: str) -> Source:
    """Build a Source from the raw bytes of a text file."""
    if not data:
        raise ReadError(path, "文件为空")
    text, codec = decode_bytes(data, path)
    if looks_binary(text):
        raise ReadError(path, BINARY_REASON)
    text = normalize_newlines(text)
    if not text.strip():
        raise ReadError(path, NO_TEXT_REASON)
    return Source(path=path, format="txt", text=text, encoding=codec)
