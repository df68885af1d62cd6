#!/usr/bin/env python3
"""Check a folder of gold files (corpora/annotated, corpora/heldout) against their own texts.

Reads Simplified and Traditional numerals and multipliers (两/兩, 万/萬, 亿/億, 余/餘).

Usage: python scripts/validate_gold.py FOLDER

For every NN_name.gold.json beside its NN_name.txt (or NN_name.docx, whose text is read from
word/document.xml here: a paragraph a line, a table row a line with its cells joined by a tab, a
vertically merged continuation cell empty) it checks that
- metric surfaces occur in the text exactly and in reading order;
- each metric's value (and value_max) agrees with what its surface says (万/亿 applied, 成 = 10 %);
- the unit and the qualifier are written in the surface;
- not_metrics, problem texts, commitment texts (with their deadline/owner), finding texts and
  section headings occur in the text (ignoring whitespace);
- a repeated_passage occurs at least twice and is 40+ characters long;
- no check_passes text overlaps a metric_inconsistency finding of the same file;
- the text is 1000-3500 characters long.
Exit status 1 when anything fails. Standard library only.
"""
from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

CATEGORIES = {"理论学习", "政治素质", "能力本领", "担当作为", "廉洁自律"}
KINDS = {"repeated_passage", "copied_passage", "formulaic_problems", "boilerplate", "truncated_sentence",
         "confusable_word", "missing_character", "metric_inconsistency", "broken_numbering",
         "vague_commitments", "misquoted_phrase", "check_passes"}
ROLES = {"achievements", "problems", "causes", "plans", "other"}
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "兩": 2}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN = "[零〇一二两兩三四五六七八九十百千]+"
NUM = rf"[0-9.]+|{CN}(?:[万萬]{CN})?"  # 八万六千: a Chinese numeral with 万 inside it


def squash(text: str) -> str:
    return "".join(text.split())


def chinese_number(text: str) -> float:
    if "万" in text or "萬" in text:  # 八万六千 = 8 × 10000 + 6000
        high, low = re.split("[万萬]", text, maxsplit=1)
        return chinese_number(high) * 10_000 + (chinese_number(low) if low else 0)
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    return total + (digit or 0)


def number(text: str) -> float:
    return float(text) if re.fullmatch(r"[0-9.]+", text) else chinese_number(text)


def surface_values(surface: str) -> tuple[float, float | None]:
    """The value (and range maximum) a surface states."""
    s = squash(surface)
    found = [(m.group(1), m.group(2)) for m in re.finditer(rf"({NUM})(?:余|餘|多)?(万|萬|亿|億)?", s)]
    if not found:
        raise ValueError("no number")

    def scaled(pair, scale_from=None):
        num, mult = pair
        mult = mult or (scale_from[1] if scale_from else None)
        value = number(num) * {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, None: 1}[mult]
        if s.endswith("成"):
            value *= 10
        return value

    if len(found) >= 2 and re.search("至|到|-|～|~|—|－", s):
        # 3至5天, 10—15人, 1.2万至1.5万, 3-5万 (the multiplier written once applies to both ends)
        low = scaled(found[0], found[1] if not found[0][1] else None)
        return low, scaled(found[1])
    return scaled(found[0]), None


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def check(gold_path: Path) -> list[str]:
    errors: list[str] = []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = gold_path.name[: -len(".gold.json")]
    suffix = Path(gold.get("document", "")).suffix
    if gold.get("document") != name + suffix or suffix not in (".txt", ".docx"):
        errors.append(f"document is {gold.get('document')!r}, expected {name}.txt or {name}.docx")
    doc_path = gold_path.with_name(name + (suffix if suffix == ".docx" else ".txt"))
    if not doc_path.exists():
        return errors + ["document file missing"]
    text = document_text(doc_path)
    flat = squash(text)
    if not 1000 <= len(text) <= 3500:
        errors.append(f"text is {len(text)} characters long")

    def occurs(what: str, label: str) -> None:
        if not what or squash(what) not in flat:
            errors.append(f"{label} not in text: {what!r}")

    for sec in gold.get("sections", []):
        occurs(sec["heading"], "section heading")
        if sec.get("role") not in ROLES:
            errors.append(f"bad role {sec.get('role')!r}")

    pos = 0
    for m in gold.get("metrics", []):
        surface = m["surface"]
        at = text.find(surface, pos)
        if at < 0:
            where = "anywhere" if surface not in text else "after the previous metric"
            errors.append(f"metric surface {surface!r} not found {where}")
        else:
            pos = at + len(surface)
        try:
            value, value_max = surface_values(surface)
        except (ValueError, KeyError) as exc:
            errors.append(f"cannot read {surface!r}: {exc}")
            continue
        if not close(value, m["value"]):
            errors.append(f"{surface!r}: value {m['value']} but the surface says {value:g}")
        if (value_max is None) != ("value_max" not in m) or (value_max is not None and not close(value_max, m["value_max"])):
            errors.append(f"{surface!r}: value_max {m.get('value_max')} but the surface says {value_max}")
        unit_written = "成" if m["unit"] == "%" and squash(surface).endswith("成") else m["unit"]
        if unit_written not in simplified(squash(surface)):
            errors.append(f"{surface!r}: unit {m['unit']!r} not written in the surface")
        if m.get("qualifier") and m["qualifier"] not in squash(surface):
            errors.append(f"{surface!r}: qualifier {m['qualifier']!r} not in the surface")
        for key in ("subject", "qualifier", "parent"):
            if key not in m:
                errors.append(f"{surface!r}: no {key!r} key")
        if not m.get("subject"):
            errors.append(f"{surface!r}: empty subject")
    for nm in gold.get("not_metrics", []):
        occurs(nm, "not_metric")
    for p in gold.get("problems", []):
        occurs(p["text"], "problem")
        if p.get("category") not in CATEGORIES or (p.get("alt_category") and p["alt_category"] not in CATEGORIES):
            errors.append(f"bad category in problem {p['text'][:20]!r}")
    for c in gold.get("commitments", []):
        occurs(c["text"], "commitment")
        for key in ("deadline", "owner"):
            # an item's owner or deadline may be stated once for all its measures (issue 15), outside them
            if c.get(key) and squash(c[key]) not in squash(c["text"]) and squash(c[key]) not in squash(text):
                errors.append(f"commitment {key} {c[key]!r} not in its text nor in the report")
        if not isinstance(c.get("measurable"), bool):
            errors.append(f"commitment without a measurable flag: {c['text'][:20]!r}")
    for f in gold.get("findings", []):
        occurs(f["text"], f"finding {f['kind']}")
        if f["kind"] not in KINDS:
            errors.append(f"unknown finding kind {f['kind']!r}")
        if f["kind"] == "repeated_passage":
            if flat.count(squash(f["text"])) < 2 or len(squash(f["text"])) < 40:
                errors.append("repeated_passage does not occur twice or is shorter than 40 characters")
    # a check that must pass may not look like a planted inconsistency (score.py matches at 30 %)
    flagged = [squash(f["text"]) for f in gold.get("findings", []) if f["kind"] == "metric_inconsistency"]
    for f in gold.get("findings", []):
        if f["kind"] == "check_passes":
            text = squash(f["text"])
            for bad in flagged:
                run = difflib.SequenceMatcher(None, text, bad, autojunk=False).find_longest_match(
                    0, len(text), 0, len(bad)).size
                if bad in text or text in bad or run >= max(2, 0.3 * len(text)):
                    errors.append(f"check_passes {f['text'][:20]!r} overlaps a metric_inconsistency finding")
    return errors


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_text(path: Path) -> str:
    """The text of a .txt file, or of a .docx body read from its XML (standard library only)."""
    if path.suffix != ".docx":
        return path.read_text(encoding="utf-8")
    import zipfile
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as zf:
        body = ET.fromstring(zf.read("word/document.xml")).find(f"{W}body")
    lines = []
    for block in body:
        if block.tag == f"{W}p":
            lines.append(_paragraph_text(block))
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                lines.append("\t".join(_cell_text(cell) for cell in row.findall(f"{W}tc")))
    return "\n".join(lines)


def _paragraph_text(p) -> str:
    nodes = (node for run in p.iter(f"{W}r") for node in run if node.tag in (f"{W}t", f"{W}tab"))
    return "".join(node.text or "" if node.tag == f"{W}t" else "\t" for node in nodes)


def _cell_text(cell) -> str:
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    if merge is not None and merge.get(f"{W}val", "continue") == "continue":
        return ""
    return " ".join(t for t in (_paragraph_text(p) for p in cell.iter(f"{W}p")) if t.strip())


def simplified(text: str) -> str:
    """Units are normalised to Simplified (條 → 条); read the surface the same way."""
    try:
        from nlp_toolkit.structure.view import to_simplified
    except ImportError:  # the toolkit is not installed: compare as written
        return text
    return to_simplified(text)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    golds = sorted(folder.glob("*.gold.json"))
    failed = 0
    for g in golds:
        errors = check(g)
        failed += bool(errors)
        print(f"{g.name}: {'ok' if not errors else str(len(errors)) + ' problem(s)'}")
        for e in errors:
            print("   ", e)
    totals = {"metrics": 0, "not_metrics": 0, "problems": 0, "commitments": 0}
    categories: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        for key in totals:
            totals[key] += len(gold.get(key, []))
        for p in gold.get("problems", []):
            categories[p["category"]] = categories.get(p["category"], 0) + 1
        for f in gold.get("findings", []):
            kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    print("totals:", ", ".join(f"{k} {v}" for k, v in totals.items()))
    print("problem categories:", ", ".join(f"{k} {v}" for k, v in sorted(categories.items())))
    print("findings:", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"{len(golds)} gold files, {failed} with problems")
    return 1 if failed or not golds else 0


if __name__ == "__main__":
    sys.exit(main())
