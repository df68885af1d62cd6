"""Settings for `nlp-toolkit check` from a file, found upward from the checked folder.

Two places are read, nearest folder first, as ruff and sqlfluff do:

- `nlp-toolkit.toml`: the settings at the top level (or under `[tool.nlp-toolkit]`);
- `pyproject.toml`: the `[tool.nlp-toolkit]` table (a pyproject.toml without one is passed over).

In one folder `nlp-toolkit.toml` wins over `pyproject.toml`. Keys:

    select = ["NUM", "WRD001"]        # rules or families to run (all when absent)
    ignore = ["WRD005"]               # rules or families to leave out
    fail-on = "error"                 # error | warning | info
    [tool.nlp-toolkit.severity]       # per-rule (or per-family) severity overrides
    WRD005 = "warning"

Command-line flags win over the file.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nlp_toolkit.rules.base import SEVERITIES

FILE_NAMES = ("nlp-toolkit.toml", "pyproject.toml")
TABLE = "nlp-toolkit"
KEYS = {"select", "ignore", "fail-on", "severity"}


class ConfigError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


@dataclass
class Settings:
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    severity: dict[str, str] = field(default_factory=dict)  # code or family prefix → severity
    path: Path | None = None  # the file they came from

    def severity_of(self, code: str, default: str) -> str:
        """The overriding severity for `code`: the longest matching code or prefix wins."""
        matching = [k for k in self.severity if code.startswith(k)]
        return self.severity[max(matching, key=len)] if matching else default


def find_config(start: str | Path) -> Path | None:
    """The nearest settings file in `start` (a folder, or a file's folder) or above it."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def load(path: str | Path) -> Settings:
    """Settings of one file (nlp-toolkit.toml or pyproject.toml)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}：无法读取配置（{exc}）") from exc
    table = data.get("tool", {}).get(TABLE)
    if table is None:
        if path.name == "pyproject.toml":
            return Settings(path=path)
        table = data
    return _settings(table, path)


def settings_for(paths: list[str | Path]) -> Settings:
    """Settings for a run over `paths`: the file found upward from the first path, or none."""
    found = find_config(paths[0]) if paths else None
    return load(found) if found else Settings()


def _has_table(path: Path) -> bool:
    try:
        return TABLE in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _settings(table: dict, path: Path) -> Settings:
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{path}：未知配置项 {', '.join(sorted(unknown))}（可用：{', '.join(sorted(KEYS))}）")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise ConfigError(f"{path}：fail-on 应为 {' / '.join(SEVERITIES)}，而不是 {fail_on!r}")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{path}：severity 应为一个表，如 [tool.nlp-toolkit.severity]")
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{path}：severity.{code} 应为 {' / '.join(SEVERITIES)}，而不是 {level!r}")
    return Settings(select=_codes(table, "select", path), ignore=_codes(table, "ignore", path), fail_on=fail_on,
                    severity={_known(c.upper(), path): v for c, v in severity.items()}, path=path)


def _codes(table: dict, key: str, path: Path) -> list[str] | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}：{key} 应为规则编号的列表，如 [\"NUM\", \"WRD001\"]")
    return [_known(v.strip().upper(), path) for v in value if v.strip()]


def _known(code: str, path: Path) -> str:
    from nlp_toolkit.rules.registry import all_rules

    if not any(r.code.startswith(code) for r in all_rules()):
        raise ConfigError(f"{path}：未知规则 {code}")
    return code
