"""Every planted defect that corpora/demo/README.md lists is found by the checks (issue 19).

The list is read from the README itself (section "Planted defects"): each bullet or table row
names its file(s) in backticks and quotes the defective text in backticks. A defect is found
when a finding of the section's rule, in that file, overlaps one of the quoted texts (for
broken numbering, any finding of STR001 in the file). The consistent figures of section 4
must not be overlapped by a finding of the arithmetic checks (NUM001-NUM003).
"""
from __future__ import annotations

import difflib
import re
from functools import cache

import pytest

from nlp_toolkit.batch.pipeline import analyze_batch
from nlp_toolkit.output.json import batch_dict
from tests.conftest import DEMO_TXT

README = DEMO_TXT.parent / "README.md"
CODES = {1: {"WRD001"}, 2: {"CPY001"}, 3: {"NUM001", "NUM002", "NUM003", "NUM004"}, 5: {"STR001"},
         6: {"STR002"}, 7: {"WRD002"}, 8: {"WRD003"}, 9: {"CPY002"}, 10: {"CMT001"}}
ANY_SPAN = {5}
CHECKS = {"NUM001", "NUM002", "NUM003"}  # the arithmetic of one statement (NUM004 compares two)  # broken numbering: the README names the headings, not one span
FILE = re.compile(r"^\d\d_\w+\.txt$")


def planted_items() -> list[tuple[int, list[str], list[str]]]:
    """(section number, files, quoted texts) for every entry of 'Planted defects'."""
    text = README.read_text(encoding="utf-8")
    body = text.split("## Planted defects", 1)[1].split("\n## ", 1)[0]
    items = []
    for part in re.split(r"\n### ", body)[1:]:
        number = int(part.split(".", 1)[0])
        for entry in _entries(part.split("\n", 1)[1]):
            quoted = re.findall(r"`([^`]+)`", entry)
            files = [q for q in quoted if FILE.match(q)]
            if not files and (m := re.match(r"\| (\d\d) \|", entry)):
                files = [p.name for p in DEMO_TXT.glob(f"{m.group(1)}_*.txt")]
            texts = [q for q in quoted if not FILE.match(q) and (len(q) >= 8 or number in ANY_SPAN)]
            if files:
                items.append((number, files, texts))
            elif texts and items and items[-1][0] == number and not items[-1][2]:
                items[-1][2].extend(texts)  # the quotation stands in its own paragraph (section 9)
    return items


def _entries(section: str) -> list[str]:
    """Bullets (with their indented continuation), table rows and paragraphs of a README section."""
    entries: list[str] = []
    for line in section.splitlines():
        if line.startswith(("| File", "| #", "|---", "|--")) or not line.strip():
            entries.append("")
        elif line.startswith(("- ", "| ")) or not entries or not entries[-1]:
            entries.append(line)
        else:
            entries[-1] += "\n" + line
    return [e for e in entries if e]


def test_the_readme_lists_the_planted_defects():
    sections = {n for n, _, _ in planted_items()}
    assert set(CODES) | {4} <= sections
    defects = [i for i in planted_items() if i[0] != 4]
    assert len(defects) >= 15 and all(texts for _, _, texts in defects)


@cache
def findings_by_file() -> dict[str, list[dict]]:
    out = batch_dict(analyze_batch(sorted(DEMO_TXT.glob("*.txt"))))
    by_file: dict[str, list[dict]] = {}
    for doc in out["documents"]:
        by_file.setdefault(doc["path"].rsplit("/", 1)[-1], []).extend(doc["findings"])
    for finding in out["batch_findings"]:
        spans = [{"path": finding["documents"][0], "text": finding["text"]}] + finding.get("related", [])
        for span in spans:
            by_file.setdefault(span["path"].rsplit("/", 1)[-1], []).append({**finding, "text": span["text"]})
    return by_file


def overlaps(quote: str, text: str) -> bool:
    a, b = "".join(quote.split()).strip("…"), "".join(text.split())
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    run = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    return run >= min(len(a), 8)


@pytest.mark.parametrize("number,files,texts", [i for i in planted_items() if i[0] != 4],
                         ids=lambda v: str(v)[:30])
def test_planted_defect_is_found(number, files, texts):
    for name in files:
        found = [f for f in findings_by_file().get(name, []) if f["code"] in CODES[number]]
        if number in ANY_SPAN:
            assert found, (name, CODES[number])
        else:
            assert any(overlaps(q, f["text"]) for f in found for q in texts), (name, CODES[number], texts)


@pytest.mark.parametrize("number,files,texts", [i for i in planted_items() if i[0] == 4], ids=lambda v: str(v)[:30])
def test_consistent_figures_are_not_flagged(number, files, texts):
    for name in files:
        flagged = [f for f in findings_by_file().get(name, []) if f["code"] in CHECKS]
        assert not any(overlaps(q, f["text"]) for f in flagged for q in texts if len(q) >= 8), (name, texts)
