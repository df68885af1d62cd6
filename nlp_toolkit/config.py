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
    [tool.nlp-toolkit.options.STR001] # a rule's own options (`Rule.options` lists them)
    max-skip = 5
    [tool.nlp-toolkit.per-path-ignores]   # rules left out for some files (globs, relative to
    "模板/*" = ["WRD001"]                 # the settings file's folder, or a bare file name)

Command-line flags win over the file. `rules.RuleSet.from_settings` turns the settings into the
one RuleSet that `analyze` and `check` pass into the pipeline.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nlp_toolkit.rules.base import SEVERITIES

FILE_NAMES = ("nlp-toolkit.toml", "pyproject.toml")
TABLE = "nlp-toolkit"
KEYS = {"select", "ignore", "fail-on", "severity", "options", "per-path-ignores"}


class ConfigError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


@dataclass
class Settings:
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    severity: dict[str, str] = field(default_factory=dict)  # code or family prefix → severity
    options: dict[str, dict] = field(default_factory=dict)  # rule code → {option: value}
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob → codes or prefixes
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
                    severity={_known(c.upper(), path): v for c, v in severity.items()},
                    options=_options(table.get("options", {}), path),
                    per_path_ignores=_per_path(table.get("per-path-ignores", {}), path), path=path)


def _options(table, path: Path) -> dict[str, dict]:
    """`[options.CODE]` tables: each names one rule and only options that rule has."""
    from nlp_toolkit.rules.registry import get

    if not isinstance(table, dict):
        raise ConfigError(f"{path}：options 应为按规则编号分的表，如 [tool.nlp-toolkit.options.STR001]")
    out = {}
    for code, values in table.items():
        try:
            rule = get(code)
        except KeyError:
            raise ConfigError(f"{path}：options.{code}：未知规则（选项须写在单条规则下）") from None
        if not isinstance(values, dict):
            raise ConfigError(f"{path}：options.{code} 应为一个表")
        unknown = set(values) - set(rule.options)
        if unknown:
            have = "、".join(sorted(rule.options)) or "无"
            raise ConfigError(f"{path}：options.{code}：{rule.code} 没有选项 {', '.join(sorted(unknown))}（可用：{have}）")
        for name, value in values.items():
            if type(value) is not type(rule.options[name]):
                raise ConfigError(f"{path}：options.{code}.{name} 应为与默认值 {rule.options[name]!r} 同类型的值")
        out[rule.code] = dict(values)
    return out


def _per_path(table, path: Path) -> dict[str, list[str]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}：per-path-ignores 应为一个表，如 \"模板/*\" = [\"WRD001\"]")
    return {glob: _codes({"per-path-ignores": codes}, "per-path-ignores", path) or [] for glob, codes in table.items()}


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
