"""Start-up: `check` leaves problems unclassified (no classifier, no spaCy); the segmenter's
dictionary is built once and cached in the user cache folder, as is jieba's own prefix dictionary
(for spaCy's jieba segmenter), each with jieba's own loading as the fallback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from nlp_toolkit import nlp, segment
from nlp_toolkit.batch import engines, pipeline
from nlp_toolkit.model import CATEGORIES, Batch
from nlp_toolkit.readers import read_text

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpora" / "demo" / "txt" / "08_township_rectification_report.txt"
HEAVY = ("numpy", "spacy", "thinc", "sklearn", "joblib", "pandas", "openpyxl", "sqlalchemy")


# --- check does not classify -----------------------------------------------------------------


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(proc.stdout.split())


def test_check_loads_neither_the_classifier_nor_spacy_nor_the_report_writers():
    loaded = _modules_after(f"from nlp_toolkit.cli import main\nmain(['check', {str(REPORT)!r}])")
    assert "jieba" in loaded  # it did analyse the report
    assert not set(HEAVY) & loaded


def test_check_of_two_reports_does_compare_them():
    two = sorted(REPORT.parent.glob("*.txt"))[:2]
    loaded = _modules_after(f"from nlp_toolkit.cli import main\nmain(['check', *{[str(p) for p in two]!r}])")
    assert "nlp_toolkit.batch.copying.align" in loaded and "numpy" in loaded


def test_the_fingerprint_is_left_to_who_needs_it_in_process_and_made_on_a_pool_worker():
    here = pipeline.analyze_file(REPORT, classify=False)
    assert here.fingerprint is None  # nothing here compared it yet
    [pooled] = engines.ProcessPool(1, time_limit=120, classify=False).run([REPORT])
    assert pooled.fingerprint is not None  # made on the worker, sent back with the document
    from nlp_toolkit.batch.copying import fingerprint

    assert fingerprint(here).signatures.tolist() == pooled.fingerprint.signatures.tolist()


def test_warm_up_without_classification_does_not_load_spacy():
    loaded = _modules_after("from nlp_toolkit.batch.engines import warm_up\nwarm_up(classify=False)")
    assert "nlp_toolkit.segment" in loaded and "marisa_trie" in loaded and "spacy" not in loaded


def test_check_classifies_only_for_the_archive(monkeypatch, tmp_path, capsys):
    from nlp_toolkit import cli

    seen = []
    real = pipeline.analyze_batch
    monkeypatch.setattr(pipeline, "analyze_batch", lambda *a, **kw: seen.append(kw.get("classify", True)) or real(*a, **kw))
    cli.main(["check", str(REPORT)])
    cli.main(["check", str(REPORT), "--archive", str(tmp_path / "archive.sqlite")])
    cli.main(["analyze", str(REPORT)])
    capsys.readouterr()
    assert seen == [False, True, True]


@pytest.fixture(scope="module")
def unclassified(theme_doc):
    return pipeline.analyze_source(read_text(theme_doc.text), classify=False)


def test_unclassified_problems_are_visibly_unclassified(unclassified, theme_doc):
    assert unclassified.problems
    assert all(p.category is None and p.confidence is None and p.scores == {} for p in unclassified.problems)
    assert [(p.start, p.end, p.text, p.marker) for p in unclassified.problems] == [
        (p.start, p.end, p.text, p.marker) for p in theme_doc.problems]
    assert all(p.category in CATEGORIES for p in theme_doc.problems)  # the default still classifies
    assert unclassified.findings == theme_doc.findings  # no rule reads the categories


def test_every_output_takes_unclassified_problems(unclassified, tmp_path):
    from nlp_toolkit.output import html, json, lint, table
    from nlp_toolkit.output.excel import write_workbook

    batch = Batch(documents=[unclassified])
    assert '"category": null' in json.dumps(batch)
    assert table.render(batch)
    assert "问题：未分类" in html.batch_html(batch)
    assert lint.render_text(batch, {unclassified.path: unclassified.findings})
    write_workbook(batch, tmp_path / "out.xlsx")
    assert (tmp_path / "out.xlsx").stat().st_size > 0


def test_engines_pass_classify_on():
    result = engines.analyze_with_deadline(str(REPORT), None, classify=False)
    assert result.problems and all(p.category is None for p in result.problems)
    [pooled] = engines.ProcessPool(1, time_limit=120, classify=False).run([REPORT])
    assert [(p.text, p.category) for p in pooled.problems] == [(p.text, None) for p in result.problems]


# --- the pickled prefix dictionary ------------------------------------------------------------


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(nlp.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def dictionary(tmp_path) -> Path:
    path = tmp_path / "dict.txt"
    path.write_text("工作 10 n\n总结 5 n\n", encoding="utf-8")
    return path


def _no_jieba_initialize(monkeypatch):
    def fail(self, dictionary=None):
        raise AssertionError("jieba built the prefix dictionary instead of reading the pickle")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", fail)


def test_prefix_dictionary_is_pickled_and_then_read_without_jieba(cache, dictionary, monkeypatch):
    first = jieba.Tokenizer(str(dictionary))
    nlp._initialize(first)
    assert first.initialized and (cache / nlp.PREFIX_CACHE).is_file()
    _no_jieba_initialize(monkeypatch)
    second = jieba.Tokenizer(str(dictionary))
    nlp._initialize(second)
    assert second.initialized and (second.FREQ, second.total) == (first.FREQ, first.total)
    assert second.total == 15 and second.lcut("工作总结") == ["工作", "总结"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_corrupt_cache_falls_back_to_jieba_and_is_rewritten(cache, dictionary, monkeypatch, damage):
    nlp._initialize(jieba.Tokenizer(str(dictionary)))
    path = cache / nlp.PREFIX_CACHE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)  # None: truncated
    again = jieba.Tokenizer(str(dictionary))
    nlp._initialize(again)
    assert again.total == 15 and again.FREQ["工作"] == 10
    assert path.read_bytes() == data


def test_a_changed_dictionary_is_not_read_from_the_cache(cache, dictionary):
    nlp._initialize(jieba.Tokenizer(str(dictionary)))
    dictionary.write_text("工作 10 n\n总结 5 n\n报告 7 n\n", encoding="utf-8")
    changed = jieba.Tokenizer(str(dictionary))
    nlp._initialize(changed)
    assert changed.total == 22 and "报告" in changed.FREQ


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_may_write_is_not_unpickled(cache, dictionary, monkeypatch):
    nlp._initialize(jieba.Tokenizer(str(dictionary)))
    (cache / nlp.PREFIX_CACHE).chmod(0o666)
    called = []
    monkeypatch.setattr(jieba.Tokenizer, "initialize", lambda self, d=None: called.append(self))
    nlp._initialize(jieba.Tokenizer(str(dictionary)))
    assert called


def test_without_a_cache_folder_jieba_loads_as_usual(dictionary, monkeypatch):
    monkeypatch.setattr(nlp, "cache_dir", lambda: None)
    tokenizer = jieba.Tokenizer(str(dictionary))
    nlp._initialize(tokenizer)
    assert tokenizer.total == 15 and tokenizer.tmp_dir is None


def test_the_project_tokenizer_is_jiebas_default_with_the_user_words():
    tokenizer = nlp.jieba_tokenizer()
    assert tokenizer is jieba.dt and tokenizer.initialized and len(tokenizer.FREQ) > 300_000


_TAGS = ("import json\nfrom nlp_toolkit.nlp import pos_tag\nfrom nlp_toolkit.segment import dictionary\n"
         "print(json.dumps([len(dictionary().trie), dictionary().tag('推进'), pos_tag('全面推进乡村振兴工作落实')],"
         " ensure_ascii=False))")


def _tags_in_fresh_process(cache: Path) -> list:
    import json

    env = {**os.environ, nlp.CACHE_ENV: str(cache)}
    out = subprocess.run([sys.executable, "-c", _TAGS], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


def test_the_dictionary_is_built_once_then_read_from_the_cache(tmp_path):
    import pickle

    built = _tags_in_fresh_process(tmp_path)  # builds the trie with jieba's own code, and caches it
    path = tmp_path / segment.CACHE_NAME
    assert path.exists() and built[0] > 300_000 and built[1] == "v"
    assert _tags_in_fresh_process(tmp_path) == built  # read from the cache: the same words and tags
    with open(path, "rb") as file:
        key, parts = pickle.load(file), list(pickle.load(file))
    parts[4] = tuple("zz" if name == "v" else name for name in parts[4])  # a mark only the cache can carry
    with open(path, "wb") as file:
        pickle.dump(key, file), pickle.dump(tuple(parts), file)
    assert ["推进", "zz"] in _tags_in_fresh_process(tmp_path)[2]


def test_a_damaged_dictionary_cache_is_built_again(tmp_path):
    built = _tags_in_fresh_process(tmp_path)
    (tmp_path / segment.CACHE_NAME).write_bytes(b"\x80\x05garbage")
    assert _tags_in_fresh_process(tmp_path) == built


def test_check_reads_neither_jiebas_prefix_dict_nor_poseggs_tags(tmp_path):
    _tags_in_fresh_process(tmp_path)  # the cache is there
    loaded = _modules_after(f"import os\nos.environ[{nlp.CACHE_ENV!r}] = {str(tmp_path)!r}\n"
                            "from nlp_toolkit.nlp import pos_tag, words\n"
                            "pos_tag('全面推进乡村振兴'), words('以学促干'), pos_tag('仍')\nimport jieba\n"
                            "assert not jieba.dt.initialized, 'jieba built its own prefix dict'")
    assert "jieba.posseg" not in loaded and "pkg_resources" not in loaded


# --- cheaper loading: jieba without pkg_resources, YAML through libyaml -----------------------


def test_jieba_is_imported_without_pkg_resources_which_stays_importable():
    loaded = _modules_after("from nlp_toolkit.nlp import jieba_tokenizer\n"
                            "assert jieba_tokenizer().lcut('全面推进乡村振兴') == ['全面', '推进', '乡村', '振兴']")
    assert "jieba.finalseg" in loaded and "pkg_resources" not in loaded
    assert "pkg_resources" in _modules_after("from nlp_toolkit.nlp import jieba_tokenizer\njieba_tokenizer()\n"
                                             "import pkg_resources")


def test_every_yaml_resource_reads_the_same_as_with_pyyamls_own_safe_loader():
    from importlib import resources as files

    import yaml

    from nlp_toolkit import resources

    names = [p.name for p in files.files("nlp_toolkit.resources").iterdir() if p.name.endswith((".yml", ".yaml"))]
    assert len(names) >= 10
    for name in names:
        assert resources.data(name) == yaml.safe_load(resources._read(name)), name
