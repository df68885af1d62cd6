"""The toolkit's own extractors, in the order they run (statement roles first: problems read them)."""
from __future__ import annotations

from nlp_toolkit.extract.registry import Classifier, Extractor


def _statements(doc, *, classify: bool = True):
    from nlp_toolkit.extract.statements import classify_statements

    return classify_statements(doc, model=classify)


def _metrics(doc):
    from nlp_toolkit.extract.metrics import extract_metrics

    return extract_metrics(doc)


def _problems(doc, *, classify: bool = True):
    from nlp_toolkit.extract.problems import extract_problems

    return extract_problems(doc, classify=classify)


def _commitments(doc):
    from nlp_toolkit.extract.commitments import extract_commitments

    return extract_commitments(doc)


BUILTIN = (
    Extractor("statements", _statements, options=("classify",)),
    Extractor("metrics", _metrics),
    Extractor("problems", _problems, options=("classify",)),
    Extractor("commitments", _commitments),
)


def register(extractors) -> None:
    for extractor in BUILTIN:
        extractors.register(extractor.field, extractor)


# --- the kinds of trained model (meta.json "kind") ------------------------------------------


def _load_sklearn(path):
    import joblib

    return joblib.load(path)


def _sklearn_scores(model, texts, labels):
    probs = model.predict_proba(list(texts))
    columns = [list(model.classes_).index(label) for label in labels]
    return [[float(row[i]) for i in columns] for row in probs]


def _load_spacy(path):
    import logging

    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)  # spaCy's jieba segmenter would log its dictionary build
    return spacy.load(path)


def _spacy_scores(nlp, texts, labels):
    from nlp_toolkit.nlp import spacy_doc

    docs = (spacy_doc(nlp.vocab, text) for text in texts)  # words segmented once, shared with the rules
    return [[doc.cats.get(label, 0.0) for label in labels] for doc in nlp.pipe(docs)]


CLASSIFIER_KINDS = (
    Classifier("sklearn", "model.joblib", _load_sklearn, _sklearn_scores),
    Classifier("spacy", "model", _load_spacy, _spacy_scores),
)


def register_classifiers(classifiers) -> None:
    for classifier in CLASSIFIER_KINDS:
        classifiers.register(classifier.kind, classifier)
