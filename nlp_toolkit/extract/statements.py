"""Statement roles: every candidate unit of a report is a problem, measure, achievement, cause or other.

Candidate units are the section headings, the sentences (an item's opening sentence is kind "item",
one closed by ；kind "clause"), the labelled record fields and the problems quoted from inspection
feedback. The layout rules (`layout_role`) settle the units whose layout leaves no doubt: a field's
label, a quote pattern, a heading that only names its section, an example sentence in a problems
section. Only the others go to the trained model (``nlp_toolkit/models/statement_classifier/``, built
by ``scripts/train_statement_classifier.py``), in one batch per document. Every unit is read in the
Simplified matching view; offsets and text stay those of the report as submitted.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from nlp_toolkit.explain import say
from nlp_toolkit.extract.listing import item_lead
from nlp_toolkit.extract.quotes import quote_hits
from nlp_toolkit.memo import rows_memo
from nlp_toolkit.model import STATEMENT_ROLES, Document, Explanation, Statement
from nlp_toolkit.resources import compiled, data
from nlp_toolkit.structure.problem_sections import title_names_category, title_states_problem
from nlp_toolkit.structure.records import field_kind
from nlp_toolkit.structure.roles import role_of
from nlp_toolkit.structure.view import to_simplified

MODEL_NAME = "statement_classifier"
SPLIT_SALT = "statements-v1"
TEST_PERCENT = 25

_SECTION_NAMES = {"problems": "存在问题", "plans": "下一步打算", "achievements": "工作成效",
                  "causes": "原因分析", "other": "其他"}
_ROLE_NAMES = {"problem": "问题", "measure": "措施", "achievement": "成绩", "cause": "原因", "other": "其他"}


@dataclass
class Unit:
    """A candidate unit: its span, kind, Simplified text and the layout it stands in."""

    start: int
    end: int
    kind: str
    text: str
    section_role: str = "other"
    field: str = "-"  # the field kind of a record field
    section: int | None = None

    def features(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "section": self.section_role, "field": self.field}


@compiled("statements.yml")
def table() -> dict[str, Any]:
    return data("statements.yml")


@compiled("statements.yml")
def _topic_heading() -> re.Pattern:
    return re.compile(table()["topic_heading"])


@compiled("problem_examples.yml")
def _example_opener() -> re.Pattern:
    return re.compile(data("problem_examples.yml")["example_opener"])


# --- the layout rules ------------------------------------------------------------------------


def layout_role(unit: dict[str, Any]) -> tuple[str, str] | None:
    """(role, reason) when the layout settles the unit's role, else None (the model decides)."""
    kind, text = unit["kind"], unit["text"]
    if kind == "field":
        label = unit.get("label") or unit["field"]
        return table()["field_roles"].get(unit["field"], "other"), f"字段标签“{label}”"
    if kind == "quote":
        return "problem", "引述的反馈问题（feedback_quotes.yml）"
    lead_role = _lead_role(unit.get("lead") or "")
    if kind == "item" and lead_role:
        return lead_role, f"前导语“{unit['lead']}”引出的列举"
    if kind in ("heading", "item", "sentence") and _topic_heading().match(text):
        return "other", "“关于“…”的问题”是整改事项的题目"
    if kind == "heading":
        return _heading_role(text)
    if unit["section"] == "problems" and _example_opener().match(text):
        return "other", "例证句（如…/据统计…），归入前一问题"
    return None


def _lead_role(lead: str) -> str | None:
    """The role of a list opened by a lead-in (存在以下问题： → problem, 原因主要是： → cause)."""
    role = role_of(lead.rstrip("：:"))[0] if lead else None
    return table()["lead_roles"].get(role) if role else None


def _heading_role(title: str) -> tuple[str, str] | None:
    if title_names_category(title):
        return "other", "标题只指明检查类别"
    if title_states_problem(title):
        return "problem", "标题本身陈述问题"
    bare = title.rstrip("：: 。")
    if len(bare) > table()["label_heading_max"] or not role_of(bare)[0]:
        return None
    ending = next((w for w in _role_words() if bare.endswith(w)), None)
    return ("other", f"标题是部分名称（以“{ending}”结尾）") if ending else None


@compiled("roles.yml")
def _role_words() -> tuple[str, ...]:
    """Every section-role keyword of roles.yml, longest first."""
    words = {w for words in data("roles.yml").values() for w in words}
    return tuple(sorted(words, key=len, reverse=True))


def section_role(unit: dict[str, Any]) -> str:
    """The role the unit's section gives it: the layout-rules-alone reading of an undecided unit."""
    return table()["section_roles"].get(unit["section"], "other")


def keyword_role(text: str) -> str:
    """The keyword baseline: the role whose words occur most often (no match: other)."""
    counts = {role: sum(text.count(w) for w in words) for role, words in table()["keywords"].items()}
    best = max(counts, key=counts.get)
    return best if counts[best] else "other"


def rules_role(unit: dict[str, Any]) -> str:
    """The layout rules alone: their decision, else the section's role."""
    decided = layout_role(unit)
    return decided[0] if decided else section_role(unit)


# --- model features (module level so a pickled pipeline can find them) -----------------------


def unit_texts(units: Sequence[dict[str, Any]]) -> list[str]:
    return [u["text"] for u in units]


def unit_layout(units: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The layout features: unit kind, section role, field kind, and the opening of the text."""
    keywords, turn = _keyword_patterns(), _turn_opener()
    out = []
    for u in units:
        text = u["text"]
        feats = {f"kind={u['kind']}": 1, f"section={u['section']}": 1, f"field={u['field']}": 1,
                 f"kind_section={u['kind']}/{u['section']}": 1,
                 "example_opener": int(bool(_example_opener().match(text))),
                 "turn_opener": int(bool(turn.match(text))),
                 "ends_colon": int(text.rstrip().endswith(("：", ":"))),
                 f"length={min(len(text) // 20, 4)}": 1, "clauses": min(3, text.count("，") // 2)}
        for role, pattern in keywords.items():
            feats[f"keywords={role}"] = min(3, len(set(pattern.findall(text))))
        out.append(feats)
    return out


@compiled("statements.yml")
def _keyword_patterns() -> dict[str, re.Pattern]:
    """Each role's keywords as one alternation, longest first (the model counts distinct hits)."""
    return {role: re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
            for role, words in table()["keywords"].items()}


@compiled("statements.yml")
def _turn_opener() -> re.Pattern:
    return re.compile(table()["turn_openers"])


# --- the shipped model -----------------------------------------------------------------------


def model_dir():
    from nlp_toolkit.extract.classifier import models_dir

    return models_dir() / MODEL_NAME


@cache
def load_model() -> Any:
    """The shipped statement model, loaded once (lazily: only when a unit needs it) by the
    classifier its meta.json `kind` names."""
    from nlp_toolkit.extract.classifier import ModelNotFound, kind_of

    directory = model_dir()
    meta_path = directory / "meta.json"
    if not meta_path.is_file():
        raise ModelNotFound(f"未找到陈述角色模型：{meta_path}。请先运行 scripts/train_statement_classifier.py。")
    classifier, path = kind_of(directory, json.loads(meta_path.read_text(encoding="utf-8")))
    if not path.is_file():
        raise ModelNotFound(f"未找到陈述角色模型：{path}。请先运行 scripts/train_statement_classifier.py。")
    return classifier.load(path)


def model_scores(units: Sequence[dict[str, Any]]) -> list[dict[str, float]]:
    """Scores over `STATEMENT_ROLES` for each unit, in one batch.

    Computed straight from the fitted pipeline's parts (`_Weights`, vectorised over the whole batch
    with numpy): the same numbers as its `predict_proba`, without a Python loop over n-grams."""
    if not units:
        return []
    weights = _weights()
    keys = [(weights, u["text"], u["kind"], u["section"], u["field"]) for u in units]
    return [dict(row) for row in _unit_scores(keys)]


_UNIT_KEYS = ("text", "kind", "section", "field")  # all that the model reads of a unit


@rows_memo(maxsize=1 << 12)
def _unit_scores(keys: list[tuple]) -> list[dict[str, float]]:
    """The scores of the units `keys` name ((weights, *_UNIT_KEYS)); a unit's row of the batch
    depends on that unit alone, so a unit met before (a heading, a stock sentence) is not scored again."""
    weights = keys[0][0]
    probs = weights.probabilities([dict(zip(_UNIT_KEYS, key[1:])) for key in keys])
    cols = [weights.column.get(role) for role in STATEMENT_ROLES]
    return [{role: float(row[c]) if c is not None else 0.0 for role, c in zip(STATEMENT_ROLES, cols)}
            for row in probs]


_BITS = 21  # Unicode code points fit in 21 bits, so a bigram is one 42-bit integer


class _Weights:
    """The fitted pipeline's parts: char n-gram vocabulary and idf, layout vocabulary, the linear model."""

    def __init__(self, model: Any) -> None:
        import numpy as np

        union = model.named_steps["features"]
        parts = dict(union.transformer_list)
        tfidf, layout = parts["chars"].named_steps["tfidf"], parts["layout"].named_steps["dv"]
        if tfidf.ngram_range[1] > 2:
            raise ValueError("statement model: only char n-grams up to 2 are supported")
        scale = union.transformer_weights or {}
        grams = [(self._code(g), j) for g, j in tfidf.vocabulary_.items()]
        grams.sort()
        self.keys = np.array([k for k, _ in grams], dtype=np.int64)
        self.cols = np.array([j for _, j in grams], dtype=np.int64)
        self.idf = tfidf.idf_
        self.n_chars = len(tfidf.vocabulary_)
        self.low = tfidf.ngram_range[0]
        self.layout_vocab = layout.vocabulary_
        self.char_scale, self.layout_scale = scale.get("chars", 1.0), scale.get("layout", 1.0)
        clf = model.named_steps["clf"]
        self.coef, self.intercept = clf.coef_, clf.intercept_
        self.column = {c: i for i, c in enumerate(clf.classes_)}

    @staticmethod
    def _code(gram: str) -> int:
        code = 0
        for ch in gram:
            code = (code << _BITS) | ord(ch)
        return code + (1 << (2 * _BITS + 1)) * (len(gram) - 1)

    def probabilities(self, units: Sequence[dict[str, Any]]):
        import numpy as np
        from scipy.sparse import csr_matrix

        rows, cols, vals = self._chars([u["text"] for u in units])
        lrows, lcols, lvals = self._layout(units)
        shape = (len(units), self.n_chars + len(self.layout_vocab))
        x = csr_matrix((np.concatenate([vals, lvals]), (np.concatenate([rows, lrows]),
                                                         np.concatenate([cols, lcols]))), shape=shape)
        logits = np.asarray(x @ self.coef.T) + self.intercept
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def _chars(self, texts: list[str]):
        """TfidfVectorizer(analyzer="char", sublinear_tf, l2) of every text: (rows, cols, values)."""
        import numpy as np

        joined = "\0".join(_SPACES.sub(" ", t.lower().replace("\0", " ")) for t in texts)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        unit = np.cumsum(codes == 0)  # the unit of each position (separators count for the next one)
        grams, owners = [], []
        if self.low <= 1:
            keep = codes != 0
            grams.append(codes[keep])
            owners.append(unit[keep])
        if len(codes) > 1:
            pair = (codes[:-1] << _BITS | codes[1:]) + (1 << (2 * _BITS + 1))
            keep = (codes[:-1] != 0) & (codes[1:] != 0)
            grams.append(pair[keep])
            owners.append(unit[:-1][keep])
        grams, owners = np.concatenate(grams), np.concatenate(owners)
        order = np.argsort(grams)  # looked up in order, the n-grams take a third of the time; the counts are the same
        grams, owners = grams[order], owners[order]
        at = np.searchsorted(self.keys, grams)
        at[at == len(self.keys)] = 0
        known = self.keys[at] == grams
        feature, owner = self.cols[at[known]], owners[known]
        pairs, counts = np.unique(owner * self.n_chars + feature, return_counts=True)
        rows, cols = pairs // self.n_chars, pairs % self.n_chars
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(texts)))
        norms[norms == 0] = 1.0
        return rows, cols, vals / norms[rows] * self.char_scale

    def _layout(self, units: Sequence[dict[str, Any]]):
        import numpy as np

        rows, cols, vals = [], [], []
        for i, feats in enumerate(unit_layout(units)):
            for key, value in feats.items():
                j = self.layout_vocab.get(key)
                if j is not None and value:
                    rows.append(i)
                    cols.append(self.n_chars + j)
                    vals.append(float(value) * self.layout_scale)
        return (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=float))


_SPACES = re.compile(r"\s\s+")


@cache
def _weights() -> _Weights:
    return _Weights(load_model())


# --- candidate units -------------------------------------------------------------------------


def candidate_units(doc: Document) -> list[Unit]:
    """Headings, sentences, record fields and quotes, in reading order, without overlaps among
    fields, quotes and sentences (a sentence holding a quote keeps only the text after it); the
    report's title is no unit."""
    fields = _field_units(doc)
    quotes = [q for q in _quote_units(doc) if not _overlaps(q, fields)]
    heads = [h for h in _heading_units(doc) if not _overlaps(h, quotes + fields)]
    taken = fields + heads
    out = fields + quotes + heads
    title = doc.title_span
    item_starts = {it.marker_start for it in doc.items}
    for sentence in doc.sentences:
        start, end = sentence.start, sentence.end
        if title is not None and title.start <= start < title.end:
            continue
        if any(u.start < end and start < u.end for u in taken):
            continue
        for quote in quotes:
            if start <= quote.start < end:
                start = max(start, _after_quote(doc.text, quote.end, end))
        if end - start >= 4:
            out.append(_unit(doc, start, end, _sentence_kind(doc, start, end, item_starts)))
    return sorted(out, key=lambda u: (u.start, u.end))


def _unit(doc: Document, start: int, end: int, kind: str, field: str = "-") -> Unit:
    index = doc.section_at(start)
    role = doc.sections[index].role if index is not None else "other"
    return Unit(start, end, kind, to_simplified(doc.text[start:end]), role, field, index)


def _overlaps(unit: Unit, others: list[Unit]) -> bool:
    return any(o.start < unit.end and unit.start < o.end for o in others)


def _after_quote(text: str, quote_end: int, end: int) -> int:
    pos = quote_end
    while pos < end and text[pos] in "”」的问题，,：: ":
        pos += 1
    return pos


def _field_units(doc: Document) -> list[Unit]:
    return [_unit(doc, f.start, f.end, "field", f.kind) for r in doc.records for f in r.fields]


def _quote_units(doc: Document) -> list[Unit]:
    return [_unit(doc, start, end, "quote") for start, end, *_ in quote_hits(doc)]


def _heading_units(doc: Document) -> list[Unit]:
    out = []
    for heading in doc.headings:
        start = heading.start + len(heading.marker)
        while start < heading.end and doc.text[start] in " \t\u3000":
            start += 1
        if heading.end - start >= 2:
            out.append(_unit(doc, start, heading.end, "heading"))
    return out


def _sentence_kind(doc: Document, start: int, end: int, item_starts: set[int]) -> str:
    if start in item_starts:
        return "item"
    return "clause" if doc.text[end - 1] in "；;" else "sentence"


# --- classification --------------------------------------------------------------------------


def classify_statements(doc: Document, *, model: bool = True) -> list[Statement]:
    """Every candidate unit of `doc` with its role, score and reasons.

    Args:
        doc: a parsed document (records found).
        model: False gives the undecided units their section's role and never loads the model.
    """
    units = candidate_units(doc)
    feats = [_layout_features(doc, u) for u in units]
    decided = [layout_role(f) for f in feats]
    pending = [i for i, d in enumerate(decided) if d is None]
    scores = model_scores([feats[i] for i in pending]) if model else []
    by_index = dict(zip(pending, scores))
    out = []
    for i, unit in enumerate(units):
        out.append(_statement(doc, unit, feats[i], decided[i], by_index.get(i)))
    return out


def _layout_features(doc: Document, unit: Unit) -> dict[str, Any]:
    feats = unit.features()
    if unit.kind == "field":
        label = next((f.label for r in doc.records for f in r.fields if f.start == unit.start), "")
        feats["label"] = label
    if unit.kind == "item":
        feats["lead"] = item_lead(doc, unit.start)
    return feats



def _statement(doc: Document, unit: Unit, feats: dict[str, Any], decided, scores) -> Statement:
    reasons = [f"所在部分：{_SECTION_NAMES.get(unit.section_role, unit.section_role)}"]
    if decided:
        role, reason = decided
        score, by = 1.0, "layout"
        reasons.append(reason)
    elif scores:
        role = max(scores, key=scores.get)
        score, by = scores[role], "model"
        reasons.append(f"模型判断为“{_ROLE_NAMES[role]}”（{score:.2f}）")
    else:
        role, score, by = section_role(feats), 0.5, "section"
        reasons.append("未用模型：按所在部分判断")
    return Statement(unit.start, unit.end, doc.text[unit.start:unit.end], unit.kind, role, round(score, 4),
                     reasons, unit.section, by, _explanation(unit, feats, role, round(score, 4), reasons, by))


_RECOGNIZERS = {"layout": "statements.layout", "model": "statement_classifier", "section": "statements.section"}
_LAYOUT_SOURCES = {"field": "record_labels.yml", "quote": "feedback_quotes.yml"}


def _explanation(unit: Unit, feats: dict[str, Any], role: str, score: float, reasons: list[str],
                 by: str) -> Explanation:
    """The statement's reasons as one explanation: who decided (layout, model, section) and on what."""
    section = reasons[0]
    values = {"role": _ROLE_NAMES[role], "score": f"{score:.2f}", "section": section, "reason": reasons[-1]}
    text = say(f"statement_{by}", **values)
    if by == "layout":
        return Explanation(_RECOGNIZERS[by], text, pattern_name=_LAYOUT_SOURCES.get(unit.kind),
                           pattern=feats.get("label") or None, score=score)
    return Explanation(_RECOGNIZERS[by], text, original_score=score if by == "model" else None, score=score)


def field_unit(label: str, text: str, section: str = "other") -> dict[str, Any]:
    """A record field as a unit's features (the corpus gives the label as written)."""
    return {"text": to_simplified(text), "kind": "field", "section": section,
            "field": field_kind(label) or "other", "label": label}
