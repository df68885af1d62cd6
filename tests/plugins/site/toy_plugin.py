"""A toy plug-in (test data): a reader for .toy files, an extractor, a rule and a writer."""
from nlp_toolkit.extract.registry import Extractor
from nlp_toolkit.model import Source
from nlp_toolkit.output.formats import Writer
from nlp_toolkit.readers.base import Reader
from nlp_toolkit.rules.base import Rule

MAGIC = b"TOY1\n"

READER = Reader("toy", (".toy",), lambda data: data.startswith(MAGIC),
                lambda data, path, limits: Source(path=path, format="toy", text=data[len(MAGIC):].decode("utf-8")),
                labels=("TOY",))


def slogans(doc, **options):
    return [{"text": "坚持", "start": i, "end": i + 2} for i in range(len(doc.text)) if doc.text.startswith("坚持", i)]


EXTRACTOR = Extractor("slogans", slogans, columns={"text": "口号", "start": "起", "end": "止"})


class TOY001(Rule):
    """材料中出现“坚持”

    检查内容：
    材料中出现“坚持”二字。

    为什么有问题：
    测试用规则。

    示例：
    坚持学习。

    建议写法：
    持续学习。
    """

    code = "TOY001"
    name = "toy-slogan"
    kind = "toy_slogan"
    severity = "info"

    def check(self, doc):
        for fact in doc.extras.get("slogans", []):
            yield self.finding(doc, fact["start"], fact["end"])


WRITER = Writer("toy", lambda batch, *, show_dismissed=False: f"TOY {len(batch.documents)} documents\n",
                help="测试用格式")
