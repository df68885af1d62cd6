"""Chinese labels of finding kinds and of the pairs table's columns, shared by the Excel and HTML writers."""

KIND_LABELS = {
    "repeated_passage": "段落重复", "copied_passage": "与其他单位雷同", "formulaic_problems": "问题清单雷同",
    "boilerplate": "套话", "truncated_sentence": "句子残缺", "confusable_word": "易混用字词",
    "missing_character": "疑似漏字", "metric_inconsistency": "数据矛盾", "broken_numbering": "序号不连续",
    "vague_commitments": "承诺空泛",
}
PAIR_LABELS = {
    "a": "报告甲", "b": "报告乙", "path_a": "报告甲", "path_b": "报告乙", "doc_a": "报告甲", "doc_b": "报告乙",
    "unit_a": "单位甲", "unit_b": "单位乙", "documents": "涉及文件", "share": "雷同比例",
    "share_a": "甲中雷同比例", "share_b": "乙中雷同比例", "similarity": "相似度", "jaccard": "相似度",
    "chars": "雷同字数", "shared_chars": "甲中雷同字数", "shared_chars_b": "乙中雷同字数", "passages": "雷同段数",
    "copied_passages": "雷同段数", "formulaic_problems": "问题清单雷同",
}
