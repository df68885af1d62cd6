"""POS tagging: jieba's words, the dictionary's tags, unknown runs cut by jieba's word HMM."""
from nlp_toolkit.nlp import hmm_tag, jieba_tokenizer, pos_tag
from nlp_toolkit.segment import dictionary


def test_unknown_runs_are_cut_as_jieba_lcut_cuts_them():
    # posseg's joint HMM reads 酒|驾醉|驾 here; the words must be the segmenter's own
    text = "严查酒驾醉驾，推动明厨亮灶建设，走访个体工商户1026户"
    assert [word for word, _ in pos_tag(text)] == jieba_tokenizer().lcut(text)


def test_known_words_keep_the_dictionary_tag_and_figures_are_numerals():
    tagged = pos_tag("累计走访个体工商户1026户")
    known = dictionary()
    assert all(flag == known.tag(word) for word, flag in tagged if known.frequency(word))
    assert dict(tagged)["1026"] == "m"


def test_an_unknown_word_is_a_noun_and_a_single_character_takes_the_hmm_tag():
    known = dictionary()
    assert known.tag("追发") == "x" and known.tag("仍") == "zg"  # the dictionary's bound-morpheme tag
    assert dict(pos_tag("为1086名劳动者追发工资待遇"))["追发"] == "n"
    assert dict(pos_tag("基础设施类资产占比仍超过七成"))["仍"] == "d"


def test_hmm_tag_scores_posseg_tables_over_the_word():
    assert hmm_tag("送学") == "v" and hmm_tag("仍") == "d"
    assert hmm_tag("ꙮꙮ") == "n"  # no table knows these characters


def test_spacy_doc_is_the_doc_the_blank_pipeline_makes():
    from nlp_toolkit.nlp import blank_zh, spacy_doc

    nlp = blank_zh()
    for text in ("理论学习不够深入，以学促干 的成效不明显", "  调研走过场\n整改“清单化”", ""):
        made, ours = nlp.make_doc(text), spacy_doc(nlp.vocab, text)
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in made]
