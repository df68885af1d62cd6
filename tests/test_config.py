"""Settings for `check` from nlp-toolkit.toml / pyproject.toml, found upward; flags win."""
from __future__ import annotations

import json

import pytest

from nlp_toolkit import config
from nlp_toolkit.cli import main

REPORT = "*县林业局2024年工作总结\n一、主要工作及成效\n森林防火工作取的明显成效，全年未发生重大火情。\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path


def test_found_upward_in_pyproject(folder):
    (folder / "pyproject.toml").write_text('[tool.nlp-toolkit]\nignore = ["WRD002"]\n', encoding="utf-8")
    assert config.find_config(folder / "reports" / "a.txt") == folder / "pyproject.toml"
    assert config.settings_for([folder / "reports"]).ignore == ["WRD002"]


def test_pyproject_without_table_is_passed_over(folder):
    (folder / "pyproject.toml").write_text("[build-system]\nrequires = []\n", encoding="utf-8")
    (folder / "reports" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    found = config.find_config(folder / "reports")
    assert found is None or found.name != "pyproject.toml" or found.parent not in (folder, folder / "reports")


def test_own_file_wins_in_one_folder(folder):
    (folder / "pyproject.toml").write_text('[tool.nlp-toolkit]\nfail-on = "info"\n', encoding="utf-8")
    (folder / "nlp-toolkit.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert config.settings_for([folder / "reports"]).fail_on == "error"


def test_bad_settings_are_usage_errors(folder, capsys):
    (folder / "nlp-toolkit.toml").write_text('fail-on = "fatal"\n', encoding="utf-8")
    assert main(["check", str(folder / "reports")]) == 2
    assert "fail-on" in capsys.readouterr().err
    (folder / "nlp-toolkit.toml").write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError):
        config.settings_for([folder / "reports"])
    (folder / "nlp-toolkit.toml").write_text('select = ["ZZZ9"]\n', encoding="utf-8")
    with pytest.raises(config.ConfigError):
        config.settings_for([folder / "reports"])


def test_file_settings_apply_and_flags_win(folder, capsys):
    path = str(folder / "reports")
    assert main(["check", path, "--no-config"]) == 1  # WRD002 warning fails at the default level
    capsys.readouterr()
    (folder / "nlp-toolkit.toml").write_text('fail-on = "error"\n[severity]\nWRD = "info"\n', encoding="utf-8")
    assert main(["check", path, "--output-format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["findings"]
    assert [r["severity"] for r in rows if r["code"] == "WRD002"] == ["info"]
    assert main(["check", path, "--fail-on", "info"]) == 1  # the flag wins over the file
    capsys.readouterr()
    (folder / "nlp-toolkit.toml").write_text('ignore = ["WRD002"]\n', encoding="utf-8")
    main(["check", path, "--output-format", "json"])
    assert not [r for r in json.loads(capsys.readouterr().out)["findings"] if r["code"] == "WRD002"]
    main(["check", path, "--output-format", "json", "--ignore", "NUM"])
    assert [r for r in json.loads(capsys.readouterr().out)["findings"] if r["code"] == "WRD002"]


def test_severity_override_longest_prefix():
    settings = config.Settings(severity={"WRD": "info", "WRD002": "error"})
    assert settings.severity_of("WRD002", "warning") == "error"
    assert settings.severity_of("WRD001", "warning") == "info"
    assert settings.severity_of("NUM001", "warning") == "warning"
