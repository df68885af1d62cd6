"""Lexicon: a resource's lines and every form compiled from it are cleared together, so a user
file added after the first analysis changes the next one."""
from __future__ import annotations

import pytest

from nlp_toolkit import resources
from nlp_toolkit.batch.analysis import analyze_source
from nlp_toolkit.readers import read_text

REPORT = ("关于2024年度工作情况的报告\n"
          "一、主要工作\n"
          "全年共开展专题学习12次，组织集中研讨6场（略），推动各项任务落到实处。\n")


@pytest.fixture
def user_files():
    """Add user files for one test; afterwards the lexicons are as shipped again."""
    added: list[str] = []

    def add(name: str, path) -> None:
        added.append(name)
        resources.add_user_file(name, path)

    yield add
    for name in added:
        lexicon = resources.lexicon(name)
        lexicon.user_files.clear()
        lexicon.clear()


def _placeholders(text: str) -> list[str]:
    return [f.text for f in analyze_source(read_text(text)).findings if f.code == "WRD004"]


def test_a_user_word_list_added_after_a_first_analysis_changes_the_second(tmp_path, user_files):
    assert _placeholders(REPORT) == []  # the compiled pattern is built here, before the user file
    extra = tmp_path / "placeholders.txt"
    extra.write_text("# the user's own template text\n[（(]略[)）]\n", encoding="utf-8")
    user_files("placeholders.txt", extra)
    assert _placeholders(REPORT) == ["（略）"]


def test_a_compiled_form_is_rebuilt_after_its_lexicon_is_cleared(tmp_path, user_files):
    calls = []

    @resources.compiled("placeholders.txt")
    def count() -> int:
        calls.append(1)
        return len(resources.lines("placeholders.txt"))

    before = count()
    assert count() == before and len(calls) == 1  # kept, not rebuilt
    extra = tmp_path / "more.txt"
    extra.write_text("甲乙丙\n丁戊己\n", encoding="utf-8")
    user_files("placeholders.txt", extra)
    assert count() == before + 2 and len(calls) == 2


def test_a_form_of_several_resources_is_rebuilt_when_any_of_them_changes(tmp_path, user_files):
    @resources.compiled("genre_phrases.txt", "copying_common.txt")
    def both() -> tuple[str, ...]:
        return resources.lines("genre_phrases.txt") + resources.lines("copying_common.txt")

    first = both()
    assert both() is first
    extra = tmp_path / "common.txt"
    extra.write_text("一种从未见过的说法\n", encoding="utf-8")
    user_files("copying_common.txt", extra)
    assert both()[-1] == "一种从未见过的说法"


def test_a_figures_subject_read_before_a_user_list_was_added_is_read_again_after(tmp_path, user_files):
    from nlp_toolkit.extract.subjects import subject_before

    assert subject_before("组织开展春风行动") == "春风行动"  # kept in the subject rules' memo
    extra = tmp_path / "stages.txt"
    extra.write_text("春风行动\n", encoding="utf-8")  # the user's own name of a campaign stage
    user_files("ordinal_patterns.txt", extra)
    assert subject_before("组织开展春风行动") == "开展"  # a stage ending the clause is no subject
