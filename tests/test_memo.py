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

