"""Helpers shared by the rule tests: where the YAML fixtures live and how they load."""
from __future__ import annotations

from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASE_KEYS = ("fail_str", "pass_str")
BATCH_CASE_KEYS = ("fail_docs", "pass_docs")  # batch rules (CPY): a batch of named documents per case


def fixture_files(batch: bool = False) -> list[Path]:
    """Fixture files of document rules (fail_str / pass_str), or of batch rules with `batch=True`."""
    return sorted(p for p in FIXTURES.glob("*.yml") if _is_batch_fixture(p) == batch)


def _is_batch_fixture(path: Path) -> bool:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return any(isinstance(case, dict) and any(k in case for k in BATCH_CASE_KEYS) for case in data.values())


def load_cases(path: Path) -> tuple[str, dict[str, dict]]:
    """The rule code a fixture file names, and its named cases."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = data.pop("rule")
    return code, data
