"""One RuleSet from the settings: unselected rules never run; per-path ignores, options and
severities apply in `check` and `analyze` alike."""
from __future__ import annotations

import json
import pickle

import pytest

from nlp_toolkit import config
from nlp_toolkit.batch.pipeline import analyze
from nlp_toolkit.cli import main
from nlp_toolkit.rules import RuleSet, check_document
from nlp_toolkit.rules.registry import get

# WRD002 (a confusable: 取的成效) and STR001 (一、二、四、 skips 三、).
REPORT = ("*县林业局2024年工作总结\n一、主要工作\n森林防火工作取的明显成效，全年未发生重大火情。\n"
          "二、存在问题\n护林员队伍年龄偏大。\n四、下一步打算\n2025年6月底前完成护林员补充招聘。\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "reports" / "模板").mkdir(parents=True)
    (tmp_path / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "reports" / "模板" / "b.txt").write_text(REPORT.replace("林业局", "水利局"), encoding="utf-8")
    return tmp_path


def codes_of(findings) -> set[str]:
    return {f.code for f in findings}


def test_unselected_rules_do_not_run(monkeypatch):
    def explode(self, doc):
        raise AssertionError("an unselected rule ran")

    monkeypatch.setattr(get("STR001"), "check", explode)
    doc = analyze(REPORT, rules=RuleSet(select=("WRD",)))
    assert codes_of(doc.findings) == {"WRD002"}


def test_ruleset_is_a_picklable_value():
    rules = RuleSet(select=("NUM", "WRD001"), ignore=("NUM002",), per_path_ignores=(("*.txt", ("WRD",)),))
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert "NUM002" not in rules.codes and "NUM001" in rules.codes and "WRD001" in rules.codes
    assert not rules.allows("WRD001", ["x/a.txt"]) and rules.allows("WRD001", ["x/a.docx"])


def test_options_change_what_a_rule_finds():
    plain = codes_of(check_document(analyze(REPORT), rules=RuleSet(select=("STR001",))))
    strict = RuleSet(select=("STR001",), options=(("STR001", (("max-skip", 1),)),))
    assert plain == {"STR001"}
    assert codes_of(check_document(analyze(REPORT), rules=strict)) == set()


def test_settings_file_options_and_per_path_ignores(folder):
    (folder / "nlp-toolkit.toml").write_text(
        '[per-path-ignores]\n"reports/模板/*" = ["WRD"]\n[options.STR001]\nmax-skip = 1\n', encoding="utf-8")
    settings = config.settings_for([folder / "reports"])
    rules = RuleSet.from_settings(settings)
    assert rules.ignored_for(str(folder / "reports" / "模板" / "b.txt")) == ["WRD"]
    assert rules.ignored_for(str(folder / "reports" / "a.txt")) == []
    assert settings.options == {"STR001": {"max-skip": 1}}


@pytest.mark.parametrize("text, key", [
    ('[options.STR001]\nmax-jump = 1\n', "max-jump"),
    ('[options.STR001]\nmax-skip = "1"\n', "max-skip"),
    ('[options.ZZZ001]\nx = 1\n', "ZZZ001"),
    ('[per-path-ignores]\n"*.txt" = ["ZZZ"]\n', "ZZZ"),
])
def test_bad_options_are_named(folder, text, key):
    (folder / "nlp-toolkit.toml").write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError, match=key):
        config.settings_for([folder / "reports"])


def _analyzed(capsys, *argv) -> dict:
    assert main(["analyze", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _found(output) -> dict[str, set[str]]:
    return {d["path"].rsplit("/", 1)[-1]: {f["code"] for f in d["findings"]} for d in output["documents"]}


def test_analyze_honours_the_settings_file_like_check(folder, capsys):
    path = str(folder / "reports")
    assert _found(_analyzed(capsys, path)) == {"a.txt": {"WRD002", "STR001"}, "b.txt": {"WRD002", "STR001"}}
    (folder / "nlp-toolkit.toml").write_text(
        'ignore = ["STR"]\n[severity]\nWRD002 = "info"\n[per-path-ignores]\n"reports/模板/*" = ["WRD002"]\n',
        encoding="utf-8")
    output = _analyzed(capsys, path)
    assert _found(output) == {"a.txt": {"WRD002"}, "b.txt": set()}
    assert [f["severity"] for d in output["documents"] for f in d["findings"]] == ["info"]
    main(["check", path, "--output-format", "json"])
    rows = json.loads(capsys.readouterr().out)["findings"]
    assert [(r["code"], r["severity"]) for r in rows] == [("WRD002", "info")]
    assert _found(_analyzed(capsys, path, "--no-config", "--select", "STR")) == {"a.txt": {"STR001"},
                                                                                 "b.txt": {"STR001"}}


def test_rules_code_shows_the_options(capsys):
    assert main(["rules", "STR001"]) == 0
    assert "[tool.nlp-toolkit.options.STR001]" in capsys.readouterr().out
    assert main(["rules", "NUM001"]) == 0
    assert "options" not in capsys.readouterr().out


def test_pool_workers_check_with_the_ruleset(folder):
    """The RuleSet travels to pool workers: a worker runs only the selected rules, per-path ignores included."""
    from nlp_toolkit.batch.pipeline import analyze_batch

    rules = RuleSet(select=("WRD", "STR"), per_path_ignores=(("b.txt", ("STR",)),))
    batch = analyze_batch([folder / "reports"], jobs=2, time_limit=300, classify=False, rules=rules)
    found = {d.path.rsplit("/", 1)[-1]: codes_of(d.findings) for d in batch.documents}
    assert found == {"a.txt": {"WRD002", "STR001"}, "b.txt": {"WRD002"}}
