"""Session fixtures shared by the structure, extract, pipeline and CLI tests.

Every report snippet here was written for these tests in the genre of the reports units
submit upward; none is taken from the seed material or the corpora.
Documents are parsed (or fully analysed) once per session and shared; tests must not
mutate them.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Document
from nlp_toolkit.readers import read_text
from nlp_toolkit.structure import parse

ROOT = Path(__file__).resolve().parents[1]
DEMO_TXT = ROOT / "corpora" / "demo" / "txt"
ANNOTATED = ROOT / "corpora" / "annotated"

# A leadership team's inspection material: achievements, grouped problems, causes, plans
# with deadlines and owners, and a signature block.
THEME_REPORT = """\
*县委常委班子2024年主题教育专题民主生活会对照检查材料

按照县委统一安排，*县委常委班子认真开展学习研讨，广泛征求意见建议，现将对照检查情况报告如下。
一、主要做法
（一）坚持学思结合。班子成员集中学习12次，开展专题研讨4次。
（二）坚持检视整改。共检视问题17个，其中已整改12个、正在整改5个。
二、存在的问题
（一）理论学习不够深入。对党的创新理论学习满足于读原文、记笔记，学用结合不够紧密。
（二）政治素质方面
一是执行请示报告制度不够严格；二是意识形态阵地管理存在薄弱环节；三是 对党忠诚教育不够经常。
（三）担当作为不够。面对信访积案，个别同志存在畏难情绪，推一推动一动。
三、问题产生的原因
一是理想信念有所松懈；二是宗旨意识有所淡化；三是纪律规矩意识有所弱化。
四、下一步整改措施
（一）6月底前完成全体党员干部轮训，由县委组织部牵头。
（二）年底前建成党性教育基地2个，责任单位：县财政局。
（三）2025年3月底前出台干部担当作为激励办法，责任人：***。
（四）二季度末前完成检视问题整改销号。
（五）长期坚持理论学习中心组学习制度。
（六）进一步提高政治站位，不断增强学习的系统性。

中共*县委常委班子
2024年1月20日
"""

# An annual summary copied from a web page: navigation debris before the title, sections
# named by topic before the problems section, figures of every shape.
ANNUAL_REPORT = """\
首页 > 工作动态 > 通知公告
发布时间：2025-01-06  访问量：386  字号：大 中 小
*县市场监督管理局2024年度工作总结

2024年，我局在县委、县政府的坚强领导下，围绕市场监管主责主业，各项工作取得新进展。
一、市场主体培育方面
（一）优化准入服务
全年新登记各类市场主体3260户，同比增长8.4%。
（二）服务重点项目
推进195个年度重点项目，完成投资131.36亿元。
二、食品安全监管方面
检查食品经营单位1,200家，开展“一年十件事”专项行动，办结群众投诉1560件。
三、存在的不足
一是监管力量与任务不匹配；二是智慧监管手段不多。
四、2025年工作打算
一是持续优化营商环境；二是不断加强食品安全监管。

*县市场监督管理局
2024年12月28日
"""

# Text pasted from a PDF: hard-wrapped lines, a page number between pages, spaces inside
# figures and words, full-width digits.
PASTED_REPORT = """\
*县委关于2024年主题教育开展情况的报告
  2024年以来，*县委坚持以习近平新时代中国特色社会主义思想为指导，扎实开展主题教
育，全县各级党组织按照统一部署，认真组织学习研讨，推动主题教育各项
— 3 —
工作落地见效，制定完善制度21 条，解决群众急难愁盼问题15
次，做到第 一时间响应，办结信访事项１２３件。
一、主要做法
  坚持领导带头，县委常委会集中学习8次。
"""

TRADITIONAL_REPORT = """\
*縣委2024年主題教育總結
一、主要做法
（一）抓好學習
全年集中學習12次。
二、存在的問題
一是理論學習不夠深入；二是調查研究不夠紮實。
三、問題產生的原因
理想信念有所鬆懈。
四、下一步工作打算
進一步加強學習。
"""


@functools.cache
def _parsed(text: str) -> Document:
    return parse(read_text(text))


@functools.cache
def _analyzed(text: str) -> Document:
    return analyze_source(read_text(text))


@pytest.fixture(scope="session")
def parse_text():
    """Structure only (no extraction): cached per text, cheap."""
    return _parsed


@pytest.fixture(scope="session")
def analyze_text():
    """The whole flow (structure, facts, findings): cached per text."""
    return _analyzed


@pytest.fixture(scope="session")
def theme_doc() -> Document:
    return _analyzed(THEME_REPORT)


@pytest.fixture(scope="session")
def annual_doc() -> Document:
    return _analyzed(ANNUAL_REPORT)


@pytest.fixture(scope="session")
def pasted_doc() -> Document:
    return _analyzed(PASTED_REPORT)


@pytest.fixture(scope="session")
def traditional_doc() -> Document:
    return _analyzed(TRADITIONAL_REPORT)


@pytest.fixture(scope="session")
def demo_txt() -> Path:
    return DEMO_TXT


@pytest.fixture(scope="session")
def annotated_dir() -> Path:
    return ANNOTATED
