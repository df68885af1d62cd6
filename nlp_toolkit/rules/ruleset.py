"""One RuleSet: which rules run, on which files, at which severity and with which options.

Built once from the settings (`config.Settings`) and the command line, then passed into the
pipeline, so unselected rules never run and `analyze`, `check`, Excel and HTML agree:

    rules = RuleSet.from_settings(settings, select=["NUM"], ignore=None)
    rules.document_rules(doc.path)   # rule instances to run on one file (per-path ignores applied)
    rules.batch_rules()              # cross-report rules
    rules.archive_rules()            # the archive check's rules (the check runs only these)
    rules.allows("ARC001", paths)    # a finding about these files is reported (per-path ignores)
    rules.adjust(finding)            # the finding at its configured severity

A RuleSet is a frozen, picklable value: pool and Dask workers receive it with each file.
`RuleSet()` runs every rule at its own severity with its default options.
"""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from nlp_toolkit.model import Finding
from nlp_toolkit.rules.base import Rule
from nlp_toolkit.rules.registry import all_rules, select


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _longest(code: str, table: dict[str, Any]) -> Any:
    """The value of the longest code or family prefix of `code` in `table`, or None."""
    matching = [k for k in table if code.startswith(k)]
    return table[max(matching, key=len)] if matching else None


@dataclass(frozen=True)
class RuleSet:
    select: tuple[str, ...] | None = None  # codes or family prefixes; None: every rule
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (code or prefix, severity)
    options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()  # (code, ((name, value), ...))
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes or prefixes)
    root: str | None = None  # folder the per-path globs are relative to (the settings file's)
    _codes: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        chosen = select(list(self.select) if self.select is not None else None, list(self.ignore) or None)
        object.__setattr__(self, "_codes", frozenset(r.code for r in chosen))

    @classmethod
    def from_settings(cls, settings, select: list[str] | None = None, ignore: list[str] | None = None) -> RuleSet:
        """The rules of `settings` (a `config.Settings`); `select`/`ignore` given here win over its own."""
        chosen = select if select is not None else settings.select
        left_out = ignore if ignore is not None else settings.ignore
        return cls(select=tuple(chosen) if chosen is not None else None, ignore=tuple(left_out or ()),
                   severity=tuple(sorted(settings.severity.items())),
                   options=tuple(sorted((c, tuple(sorted(o.items()))) for c, o in settings.options.items())),
                   per_path_ignores=tuple((g, tuple(c)) for g, c in settings.per_path_ignores.items()),
                   root=str(settings.path.parent) if settings.path else None)

    @property
    def codes(self) -> frozenset[str]:
        """The codes selected (before per-path ignores)."""
        return self._codes

    def ignored_for(self, path: str | None) -> list[str]:
        """Codes and prefixes the per-path ignores leave out for the file `path`."""
        if not path or not self.per_path_ignores:
            return []
        names = _path_forms(path, self.root)
        return [c for glob, codes in self.per_path_ignores if any(fnmatch.fnmatch(n, glob) for n in names)
                for c in codes]

    def allows(self, code: str, paths: Iterable[str] = ()) -> bool:
        """Whether a finding of `code` about the files `paths` is reported (a per-path ignore of any hides it)."""
        return code in self._codes and not any(_matches(code, self.ignored_for(p)) for p in paths)

    def rule(self, rule: type[Rule]) -> Rule:
        """An instance of `rule` with its configured options."""
        return rule(dict(dict(self.options).get(rule.code, ())))

    def document_rules(self, path: str | None = None) -> list[Rule]:
        skip = self.ignored_for(path)
        return [self.rule(r) for r in all_rules()
                if r.scope == "document" and r.code in self._codes and not _matches(r.code, skip)]

    def batch_rules(self) -> list[Rule]:
        return [self.rule(r) for r in all_rules() if r.scope == "batch" and r.code in self._codes]

    def archive_rules(self) -> list[Rule]:
        """The selected rules of the check against the archive (ARC001, ARC002): only these run."""
        return [self.rule(r) for r in all_rules() if r.scope == "archive" and r.code in self._codes]

    def severity_of(self, code: str, default: str) -> str:
        return _longest(code, dict(self.severity)) or default

    def adjust(self, finding: Finding) -> Finding:
        """`finding` at its configured severity (the same object when none is configured)."""
        level = self.severity_of(finding.code, finding.severity)
        return finding if level == finding.severity else replace(finding, severity=level)

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings this RuleSet reports, at their configured severity."""
        return [self.adjust(f) for f in findings if self.allows(f.code, f.documents)]


def _path_forms(path: str, root: str | None) -> list[str]:
    """The forms a glob may match: the path as given, relative to `root`, and the bare file name."""
    pure = PurePath(path)
    forms = [pure.as_posix(), pure.name]
    if root:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if not relative.startswith(".."):
            forms.append(PurePath(relative).as_posix())
    return forms
