"""Text memos: bounded, registered, emptied together."""
from nlp_toolkit import memo
from nlp_toolkit.nlp import pos_tag, words


def test_clear_memos_empties_every_registered_memo():
    pos_tag("开展专题调研")
    words("开展专题调研")
    sizes = memo.memo_sizes()
    assert sizes["nlp_toolkit.nlp.pos_tag"] > 0 and sizes["nlp_toolkit.nlp.words"] > 0
    memo.clear_memos()
    assert set(memo.memo_sizes().values()) == {0}


def test_a_memo_is_bounded_by_its_size():
    calls = []

    @memo.text_memo(maxsize=2)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    for text in ("甲", "乙", "丙", "甲"):
        length(text)
    assert calls == ["甲", "乙", "丙", "甲"]  # 甲 was dropped when 丙 came in
    assert length.cache_info().currsize == 2



def test_a_rows_memo_passes_on_only_the_items_it_has_not_met_each_once():
    batches = []

    @memo.rows_memo(maxsize=3)
    def lengths(texts: list[str]) -> list[int]:
        batches.append(list(texts))
        return [len(t) for t in texts]

    assert lengths(["甲", "乙乙", "甲"]) == [1, 2, 1]
    assert lengths(["乙乙", "丙丙丙"]) == [2, 3]
    assert batches == [["甲", "乙乙"], ["丙丙丙"]]
    lengths(["丁丁丁丁"])  # a fourth item: the least recently used (甲) is dropped
    assert lengths.cache_info().currsize == 3
    assert lengths(["甲", "丙丙丙"]) == [1, 3] and batches[-1] == ["甲"]
    memo.clear_memos()
    assert lengths.cache_info().currsize == 0
    assert lengths(["乙乙"]) == [2] and batches[-1] == ["乙乙"]


def test_a_units_model_scores_do_not_depend_on_the_batch_it_is_scored_in():
    from nlp_toolkit.extract.builtin import _sklearn_scores
    from nlp_toolkit.extract.classifier import load_model
    from nlp_toolkit.extract.statements import model_scores
    from nlp_toolkit.model import CATEGORIES

    units = [{"text": text, "kind": kind, "section": section, "field": "-"} for text, kind, section in (
        ("理论学习不够深入，学用结合不紧", "sentence", "problems"), ("二、下一步工作打算", "heading", "other"),
        ("全年开展专题调研12次，形成调研报告5篇", "sentence", "achievements"))]
    memo.clear_memos()
    together = model_scores(units)
    memo.clear_memos()
    assert [model_scores([unit])[0] for unit in units] == together  # the very same numbers
    kind, model = load_model()
    if kind == "sklearn":
        texts = [unit["text"] for unit in units]
        memo.clear_memos()
        together = _sklearn_scores(model, texts, CATEGORIES)
        memo.clear_memos()
        assert [_sklearn_scores(model, [text], CATEGORIES)[0] for text in texts] == together
