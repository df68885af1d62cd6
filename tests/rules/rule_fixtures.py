"""Helpers shared by the rule tests: where the YAML fixtures live and how they load."""
from __future__ import annotations

from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASE_KEYS = ("fail_str", "pass_str")


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.yml"))


def load_cases(path: Path) -> tuple[str, dict[str, dict]]:
    """The rule code a fixture file names, and its named cases."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = data.pop("rule")
    return code, data
