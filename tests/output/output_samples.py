"""A small batch for the output tests: two units sharing a copied paragraph, one report
carrying markup and script, a cross-report finding with both spans, a pair and a read failure.

Every report here was written for these tests; none comes from the corpora.
"""
from __future__ import annotations

import nlp_toolkit
from nlp_toolkit.model import Batch, Finding, ReadFailure

SHARED = "坚持把调查研究作为基本功，领导班子成员带头深入基层开展调研36次，形成调研报告12篇，推动解决群众急难愁盼问题58个。"

REPORT_A = f"""\
*县水利局2024年主题教育工作总结

一、主要做法
（一）抓好理论学习。全局86名党员参加集中学习，开展专题研讨5次。
（二）{SHARED}
二、存在问题
一是理论学习不够深入，学用结合不够紧密；二是担当作为不够，遇到难题推一推动一动。
三、下一步打算
（一）6月底前完成全体党员轮训，由局办公室牵头。
"""

REPORT_B = f"""\
*县交通运输局2024年主题教育工作总结

一、主要做法
（一）强化组织领导。成立领导小组，召开推进会3次。
（二）{SHARED}
二、存在问题
一是学习不够系统；二是廉洁自律意识有所弱化。
三、下一步打算
（一）年底前建成党员活动室2个，责任单位：局机关党委。
"""

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
REPORT_XSS = f"""\
*县统计局2024年工作总结{XSS}

一、主要做法
（一）开展统计调查12次，发布数据公报4期。=HYPERLINK("http://example.invalid","点此")
二、存在问题
一是数据质量把关不严 & 审核“走过场”</b></div>。
"""


def make_batch() -> Batch:
    """The three reports analysed, plus a copied passage between the first two, their pair and a read failure."""
    docs = []
    for name, text in (("a/水利局.txt", REPORT_A), ("b/交通局.txt", REPORT_B), ("c/统计局.txt", REPORT_XSS)):
        doc = nlp_toolkit.analyze(text)
        doc.path = name
        for f in doc.findings:
            f.documents = [name]
        docs.append(doc)
    docs[2].title = docs[2].text.splitlines()[0]  # the title line carries the markup too
    a, b = docs[0], docs[1]
    sa, sb = a.text.index(SHARED), b.text.index(SHARED)
    copied = Finding(sa, sa + len(SHARED), "CPY001", "copied_passage", "warning",
                     "与其他单位材料雷同的段落", SHARED, reason="共享段落", documents=[a.path, b.path],
                     related=[{"path": b.path, "start": sb, "end": sb + len(SHARED), "text": SHARED}])
    pairs = [{"path_a": a.path, "path_b": b.path, "unit_a": a.unit, "unit_b": b.unit,
              "shared_chars": len(SHARED), "shared_chars_b": len(SHARED),
              "share_a": round(len(SHARED) / len(a.text), 4), "share_b": round(len(SHARED) / len(b.text), 4),
              "copied_passages": 1, "formulaic_problems": False}]
    return Batch(documents=docs, errors=[ReadFailure("d/坏文件.docx", "文件已损坏，无法读取")],
                 batch_findings=[copied], pairs=pairs)
