"""The review file: read it without ever failing the run, merge decisions in, write it on request.

    # nlp-toolkit 处理意见（…）
    version = 1

    [[decision]]
    code = "WRD002"
    unit = "某县林业局"
    document = "3f2a9c0e51b7d4a8"   # fingerprint of the report's text
    passage = "9b1d3e7c0a2f4b6d"    # fingerprint of the finding's passage
    status = "误报"                  # 误报 | 已核实 | 已反馈
    note = "“取的”为引文原文"
    file = "a.txt"                  # for reading only
    text = "取的明显成效"             # for reading only

A malformed file, a decision without its keys or with an unknown status, and two decisions on
one finding each give a message naming the file (and the decision's number); the usable
decisions still apply and the file is never rewritten unless a command is asked to write it.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from nlp_toolkit.model import DECISION_STATUSES, Decision
from nlp_toolkit.output.decisions import review_file_text
from nlp_toolkit.review.keys import identity

FILE_NAME = "nlp-toolkit-review.toml"
STATUSES = DECISION_STATUSES
REQUIRED = ("code", "passage", "document", "status")
_FIELDS = [f.name for f in fields(Decision)]


class ReviewError(ValueError):
    """A review file or workbook that cannot be used as asked; the message names the file and why."""


@dataclass
class ReviewFile:
    path: Path
    decisions: list[Decision] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # what was wrong with the file, for stderr
    readable: bool = True  # False: the file exists but could not be parsed (never overwrite it)

    def merged(self, new: list[Decision], replace: bool = True) -> tuple[list[Decision], int]:
        """The decisions with `new` added; a new one on a decided finding replaces the old one
        when `replace`, else is dropped. Also returns how many were added or changed."""
        index = {identity(d): i for i, d in enumerate(self.decisions)}
        out, changed = list(self.decisions), 0
        for decision in new:
            key = identity(decision)
            if key not in index:
                index[key] = len(out)
                out.append(decision)
                changed += 1
            elif replace and (out[index[key]].status, out[index[key]].note) != (decision.status, decision.note):
                out[index[key]] = decision
                changed += 1
        return out, changed


def default_path(paths: list[str | os.PathLike]) -> Path:
    """The review file beside the batch: in the first folder named (a file's folder)."""
    first = Path(paths[0]) if paths else Path(".")
    return (first if first.is_dir() else first.parent) / FILE_NAME


def read_review(path: str | os.PathLike) -> ReviewFile:
    """The decisions of `path` (none when it does not exist), with a message for every fault."""
    path = Path(path)
    review = ReviewFile(path)
    if not path.exists():
        return review
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        review.readable = False
        review.messages.append(f"{path}：处理意见文件无法读取（{exc}），本次不使用其中的处理意见，文件未改动")
        return review
    entries = data.get("decision", [])
    if not isinstance(entries, list):
        review.messages.append(f"{path}：decision 应写成 [[decision]] 表的列表，本次不使用其中的处理意见")
        return review
    seen: dict[tuple, int] = {}
    for number, entry in enumerate(entries, start=1):
        decision = _decision(entry, number, path, review.messages)
        if decision is None:
            continue
        key = identity(decision)
        if key in seen:
            review.messages.append(f"{path}：第 {number} 条处理意见与第 {seen[key]} 条针对同一条提示，以第 {number} 条为准")
            review.decisions[[identity(d) for d in review.decisions].index(key)] = decision
        else:
            review.decisions.append(decision)
        seen[key] = number
    return review


def _decision(entry, number: int, path: Path, messages: list[str]) -> Decision | None:
    where = f"{path}：第 {number} 条处理意见"
    if not isinstance(entry, dict):
        messages.append(f"{where}不是一个表，已跳过")
        return None
    missing = [k for k in REQUIRED if not isinstance(entry.get(k), str) or not entry.get(k)]
    if missing:
        messages.append(f"{where}缺少 {', '.join(missing)}，已跳过")
        return None
    if entry["status"] not in STATUSES:
        messages.append(f"{where}的 status 应为 {' / '.join(STATUSES)}，而不是 {entry['status']!r}，已跳过")
        return None
    values = {k: entry[k] for k in _FIELDS if isinstance(entry.get(k), str)}
    values["code"] = values["code"].upper()
    return Decision(**values)


def write_review(review: ReviewFile, decisions: list[Decision]) -> None:
    """Write `decisions` to the review file atomically; refuses to replace a file it could not read."""
    if not review.readable:
        raise ReviewError(f"{review.path}：现有处理意见文件无法读取，为免丢失其内容未写入；请先修正或移走该文件")
    from nlp_toolkit.output.files import write_text_atomic

    write_text_atomic(review.path, review_file_text(decisions))
