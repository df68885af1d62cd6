"""A written-out batch spilled to a temporary store: the same cross-report findings as whole
documents in memory, a store that leaves nothing behind, and a shell that does not grow."""
from __future__ import annotations

import json
import pickle
from dataclasses import asdict

import numpy as np
import pytest

from nlp_toolkit.batch import pipeline
from nlp_toolkit.batch.context import keep_for_batch
from nlp_toolkit.batch.pipeline import analyze, analyze_batch
from nlp_toolkit.batch.store import CACHE_SIZE, DocumentStore, SpilledDocument, StoreClosed
from nlp_toolkit.model import Document
from nlp_toolkit.output.json import finding_dict

# Three units' reports, written for this test: 东湖 and 临江 share a long paragraph (临江 took it),
# all three list the same four problems, and 东湖's report is also sent a second time, corrected.
OWN = {
    "东湖街道": "辖区内老旧小区改造全面铺开，完成雨污分流管网铺设八公里，改造背街小巷十二条，"
                "新增口袋公园三处，居民出行和休闲环境明显改善。",
    "临江街道": "围绕滨江产业带建设，走访规上企业六十余家，协调解决用工、用地等难题二十一个，"
                "引进科技型中小企业九家，税收同比增长百分之十一。",
    "白沙镇": "全镇完成高标准农田建设两千亩，推广稻渔综合种养八百亩，培育家庭农场十五家，"
              "村集体经营性收入全部超过二十万元。",
}
SHARED = ("坚持把矛盾纠纷化解在基层作为检验工作成效的重要标尺，建立领导干部包案、网格员常态走访、"
          "调解员驻点值守三项机制，做到小事不出网格、大事不出社区、矛盾不上交，"
          "全年排查各类隐患四百余条，办结率保持在较高水平，群众满意度逐年提升。")
PROBLEMS = ("一是理论学习的系统性还不够强，存在学用脱节的现象；二是服务群众的主动性还有差距，"
            "回应诉求不够及时；三是制度执行的刚性还不足，个别事项落实打折扣；"
            "四是干部队伍的专业能力还有短板，应对复杂局面办法不多。")


def _report(unit: str, shared: bool, extra: str = "") -> str:
    body = OWN[unit] + (SHARED if shared else "")
    return (f"{unit}2024年工作总结\n\n一、主要工作\n{body}\n二、存在问题\n{PROBLEMS}\n"
            f"三、下一步打算\n{extra}明年将针对上述问题逐项制定整改措施，{unit}党工委负责统筹推进。\n")


@pytest.fixture()
def folder(tmp_path):
    batch = tmp_path / "reports"
    batch.mkdir()
    (batch / "a_donghu.txt").write_text(_report("东湖街道", True), "utf-8")
    (batch / "b_donghu_again.txt").write_text(_report("东湖街道", True, "年内再开展一次回头看。"), "utf-8")
    (batch / "c_linjiang.txt").write_text(_report("临江街道", True), "utf-8")
    (batch / "d_baisha.txt").write_text(_report("白沙镇", False), "utf-8")
    return batch


def _batch_level(batch) -> str:
    return json.dumps({"findings": [finding_dict(f) for f in batch.batch_findings], "pairs": batch.pairs,
                       "submissions": [asdict(s) for s in batch.submissions]}, sort_keys=True, ensure_ascii=False)


@pytest.fixture()
def system_temp(tmp_path, monkeypatch):
    """The system temp folder of the run: a fresh folder, to see what the store leaves there."""
    import tempfile

    place = tmp_path / "system-temp"
    place.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(place))
    return place


def test_spilled_documents_give_the_same_cross_report_findings(folder, system_temp):
    whole = analyze_batch([folder])
    codes = {f.code for f in whole.batch_findings}
    assert {"CPY001", "CPY002"} <= codes and whole.submissions and whole.pairs  # each path has work to do
    seen = []

    def write(index, result):
        seen.append(sorted(p.name for p in system_temp.iterdir()))

    kept = analyze_batch([folder], on_result=write, keep_only_for_batch=True)
    assert _batch_level(kept) == _batch_level(whole)
    assert all(names and names[0].startswith("nlp-toolkit-batch-") for names in seen)  # in the system temp
    assert list(system_temp.iterdir()) == []  # and removed with the run
    assert sorted(p.name for p in folder.iterdir()) == ["a_donghu.txt", "b_donghu_again.txt", "c_linjiang.txt",
                                                         "d_baisha.txt"]  # nothing beside the input
    assert [d.unit for d in kept.documents] == [d.unit for d in whole.documents]
    assert all(d.text == "" and d.problems == [] for d in kept.documents)  # settled: the store is gone


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_the_store_is_removed_when_the_run_fails(folder, system_temp, monkeypatch, stop):
    def fail(*args, **kwargs):
        assert list(system_temp.iterdir())  # the store is there while the rules would run
        raise stop("stopped")

    monkeypatch.setattr(pipeline, "_check_batch", fail)
    with pytest.raises(stop):
        analyze_batch([folder], on_result=lambda index, result: None, keep_only_for_batch=True)
    assert list(system_temp.iterdir()) == []


def _shell_bytes(doc: Document) -> int:
    """What a spilled document keeps in memory (its fingerprint, which grows with the text, included)."""
    return len(pickle.dumps({k: v for k, v in vars(doc).items() if k != "_store"}))


def test_what_a_spilled_document_keeps_does_not_grow_with_its_length(system_temp):
    short = _report("临江街道", True)
    body = OWN["临江街道"] + SHARED
    long = short.replace(body, "\n".join(body.replace("。", f"（第{k}部分）。") for k in range(1, 5)))
    assert len(long) > 2 * len(short)
    sizes, spilled = [], []
    with DocumentStore() as store:
        for text in (short, long):
            doc = keep_for_batch(analyze(text), store)
            assert isinstance(doc, SpilledDocument)
            sizes.append(_shell_bytes(doc))
            spilled.append(len(pickle.dumps(store.get(doc._key))))
            assert doc.text == text  # read back from the store
    assert spilled[1] > 1.5 * spilled[0]  # what waits on disk grows with the text
    assert sizes[1] <= sizes[0] + 8  # the same fields; a count may take a byte more


def test_a_spilled_field_set_again_keeps_its_new_value(system_temp):
    with DocumentStore() as store:
        doc = keep_for_batch(analyze(_report("白沙镇", False)), store)
        assert len(doc.problems) == 4
        doc.problems = []  # what `as_version` does to a version
        assert doc.problems == [] and doc.text.startswith("白沙镇")
    assert doc.problems == [] and doc.text == "" and doc.view is None


def test_the_store_reads_back_and_keeps_only_the_last_few(system_temp):
    store = DocumentStore()
    keys = [store.put({"text": f"第{i}份"}) for i in range(CACHE_SIZE * 2)]
    assert [store.get(k)["text"] for k in keys] == [f"第{i}份" for i in range(CACHE_SIZE * 2)]
    assert len(store._cache) == CACHE_SIZE
    where = store.path
    store.close()
    assert not where.exists()
    with pytest.raises(StoreClosed):
        store.get(keys[0])


def test_the_candidate_search_by_shares_of_the_keys_finds_the_same(monkeypatch):
    from nlp_toolkit.batch.copying import NUM_PERM, Passage, build_index, common_limit
    from nlp_toolkit.batch.copying import index as index_module

    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=(40, NUM_PERM), dtype=np.uint32)
    passages = {}
    for d in range(120):
        sigs = rng.integers(0, 2**32, size=(5, NUM_PERM), dtype=np.uint32)
        sigs[0] = base[d % 40]  # shared by three documents: a copy
        sigs[1, : NUM_PERM // 2] = base[(d * 7) % 40, : NUM_PERM // 2]  # half alike
        if d < 30:
            sigs[2] = base[39]  # in thirty documents: common wording
        passages[f"d{d:03}"] = [Passage(f"d{d:03}", i, i * 10, i * 10 + 9, "", s.tobytes(), i * 10, i * 10 + 9)
                                for i, s in enumerate(sigs)]
    limit = common_limit(len(passages))
    at_once = build_index(passages).candidates(limit)
    monkeypatch.setattr(index_module, "SEARCH_ROWS", 500)  # about 25 shares
    in_shares = build_index(passages).candidates(limit)
    assert len(at_once[0]) and at_once[1].any()
    assert np.array_equal(at_once[0], in_shares[0]) and np.array_equal(at_once[1], in_shares[1])
    scans = []
    whole_scan = index_module._rows_of_shares
    monkeypatch.setattr(index_module, "_rows_of_shares", lambda *a: scans.append(a[1:]) or whole_scan(*a))
    for per_scan in (1, 7):  # the shares gathered by one scan of the band rows: the same pairs
        monkeypatch.setattr(index_module, "SHARES_PER_SCAN", per_scan)
        scans.clear()
        found = build_index(passages).candidates(limit)
        assert np.array_equal(at_once[0], found[0]) and np.array_equal(at_once[1], found[1])
        shares = scans[-1][1]  # the last scan ends at the number of shares
        assert len(scans) == -(-shares // per_scan) and shares > 7  # not one scan per share


def test_a_streamed_run_keeps_no_document_s_text_or_fingerprint_in_memory(folder, system_temp):
    held = []

    def write(index, result):
        held.append(result)  # the very documents the batch keeps: spilled once this returns
        assert not any({"text", "view", "problems", "fingerprint"} & set(vars(d)) for d in held[:-1])

    kept = analyze_batch([folder], on_result=write, keep_only_for_batch=True)
    assert len(held) == 4 and all(isinstance(d, SpilledDocument) for d in held)
    assert kept.batch_findings and all(d.fingerprint is None for d in kept.documents)  # settled


def test_the_index_of_a_spilled_batch_holds_a_few_fingerprints_at_a_time(system_temp, monkeypatch):
    import weakref

    from nlp_toolkit.batch.copying import index as index_module

    texts = [_report(unit, shared) for unit in OWN for shared in (True, False)]
    whole = index_module.index_documents([analyze(t) for t in texts])
    live, most = set(), []  # ids of the fingerprints alive (a Fingerprint is not hashable)
    read = index_module.fingerprint

    def counted(doc):
        fp = read(doc)
        if id(fp) not in live:
            live.add(id(fp))
            weakref.finalize(fp, live.discard, id(fp))
        most.append(len(live))
        return fp

    monkeypatch.setattr(index_module, "fingerprint", counted)
    with DocumentStore(cache_size=1) as store:
        docs = [keep_for_batch(analyze(t), store) for t in texts]
        index = index_module.index_documents(docs)
    assert max(most) <= 2  # the one read now and the one the store keeps, not the batch's six
    assert np.array_equal(index.signatures, whole.signatures) and list(index.refs) == list(whole.refs)
    assert all(np.array_equal(index.spans[p], whole.spans[p]) for p in whole.paths)


def test_the_index_names_each_row_s_document_and_passage():
    from nlp_toolkit.batch.copying import NUM_PERM, Passage, build_index

    counts = {"a": 3, "b": 0, "c": 1, "d": 4}  # a document with no passage owns no row
    sig = bytes(4 * NUM_PERM)
    index = build_index({p: [Passage(p, i, i, i + 1, "", sig, i, i + 1) for i in range(n)] for p, n in counts.items()})
    expected = [(p, i) for p, n in counts.items() for i in range(n)]
    assert len(index.refs) == len(expected) == len(index.signatures)
    assert list(index.refs) == expected and index.refs[-1] == ("d", 3) and index.refs[1:3] == expected[1:3]
    assert [index.refs[np.int64(r)] for r in range(len(expected))] == expected
