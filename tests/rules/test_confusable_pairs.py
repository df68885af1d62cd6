"""confusable_pairs.yml holds only pairs whose both spellings are words (else they belong in
confusables.tsv, where the wrong spelling is wrong everywhere)."""
from __future__ import annotations

from nlp_toolkit.nlp import jieba_tokenizer
from nlp_toolkit.rules.wording.WRD002 import confusable_pairs


def test_both_spellings_of_every_pair_are_dictionary_words():
    vocabulary = jieba_tokenizer().FREQ
    pairs = confusable_pairs()
    assert len(pairs) >= 5
    for pair in pairs:
        assert vocabulary.get(pair.wrong) and vocabulary.get(pair.right), (pair.wrong, pair.right)
        assert pair.after or pair.before or pair.next_pos, f"{pair.wrong}: a pair needs a context"
