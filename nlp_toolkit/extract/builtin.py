"""The toolkit's own extractors, in the order they run (statement roles first: problems read them)."""
from __future__ import annotations

from nlp_toolkit.extract.registry import Classifier, Extractor
from nlp_toolkit.memo import rows_memo


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
    labels = tuple(labels)
    return [list(row) for row in _sklearn_rows([(model, labels, text) for text in texts])]


@rows_memo(maxsize=1 << 12)
def _sklearn_rows(keys):
    """The scores of the texts `keys` name ((model, labels, text)): a text's row depends on that
    text alone, so a problem met before (in another report of the batch) is not scored again."""
    model, labels = keys[0][0], keys[0][1]
    texts = [text for _, _, text in keys]
    probs = _calibrated_linear_proba(model, texts)
    if probs is None:
        probs = _logistic_proba(model, texts)
    if probs is None:
        probs = model.predict_proba(texts)
    columns = [list(model.classes_).index(label) for label in labels]
    return [[float(row[i]) for i in columns] for row in probs]


def _calibrated_linear_proba(model, texts):
    """`predict_proba` of a pipeline ending in CalibratedClassifierCV(sigmoid) over a linear model,
    computed from its fitted parts (the same numbers): sklearn's own call validates the input of
    each of its 15 calibrators, 2 ms a report for a handful of problems. None for other models."""
    import numpy as np
    from scipy.special import expit

    steps = getattr(model, "named_steps", {})
    features, clf = steps.get("features"), steps.get("clf")
    folds = getattr(clf, "calibrated_classifiers_", None)
    if features is None or not folds or getattr(clf, "method", None) != "sigmoid" or len(clf.classes_) < 3:
        return None
    if any(isinstance(part, str) for _, part in features.transformer_list):  # 'drop' / 'passthrough'
        return None
    if any(list(f.estimator.classes_) != list(clf.classes_) for f in folds):
        return None
    x = _union_transform(features, texts)
    total = np.zeros((len(texts), len(clf.classes_)))
    for fold in folds:
        margins = np.asarray(x @ fold.estimator.coef_.T) + fold.estimator.intercept_
        a = np.array([c.a_ for c in fold.calibrators])
        b = np.array([c.b_ for c in fold.calibrators])
        proba = expit(-(a * margins + b))
        sums = proba.sum(axis=1, keepdims=True)
        total += np.divide(proba, sums, out=np.full_like(proba, 1 / proba.shape[1]), where=sums != 0)
    return total / len(folds)


def _logistic_proba(model, texts):
    """`predict_proba` of a pipeline ending in a multinomial LogisticRegression (what the training
    script's grid may choose), from its fitted parts as `_calibrated_linear_proba` does: the softmax
    of the margins. None for other models."""
    import numpy as np
    from scipy.special import softmax
    from sklearn.linear_model import LogisticRegression

    steps = getattr(model, "named_steps", {})
    features, clf = steps.get("features"), steps.get("clf")
    if features is None or not isinstance(clf, LogisticRegression) or len(clf.classes_) < 3:
        return None
    if getattr(clf, "multi_class", "auto") not in ("auto", "multinomial", "deprecated"):
        return None  # one-vs-rest probabilities are normalised sigmoids, not a softmax
    if any(isinstance(part, str) for _, part in features.transformer_list):
        return None
    margins = np.asarray(_union_transform(features, texts) @ clf.coef_.T) + clf.intercept_
    return softmax(margins, axis=1)


def _union_transform(union, texts):
    """FeatureUnion.transform without its joblib dispatch (most of its cost on a few texts)."""
    from scipy import sparse

    weights = union.transformer_weights or {}
    blocks = [_tfidf_transform(part, texts) * weights.get(name, 1) for name, part in union.transformer_list]
    return sparse.hstack(blocks).tocsr()


def _tfidf_transform(part, texts):
    """`part.transform(texts)`; for a fitted TfidfVectorizer (l2 norm, float64) the same matrix built
    from its own analyser, idf and row normaliser without the input checks of each of its steps
    (most of its cost on the few problems of one report)."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    if type(part) is not TfidfVectorizer or part.norm != "l2" or part.dtype is not np.float64:
        return part.transform(texts)
    analyze, vocabulary = part.build_analyzer(), part.vocabulary_
    indptr, indices, counts = [0], [], []
    for text in texts:
        found: dict[int, int] = {}
        for feature in analyze(text):
            column = vocabulary.get(feature)
            if column is not None:
                found[column] = found.get(column, 0) + 1
        for column in sorted(found):
            indices.append(column)
            counts.append(found[column])
        indptr.append(len(indices))
    data = np.array(counts, dtype=np.float64)
    if part.sublinear_tf:
        np.log(data, data)
        data += 1.0
    columns = np.array(indices, dtype=np.int32)
    if part.use_idf:
        data *= part.idf_[columns]
    x = sparse.csr_matrix((data, columns, np.array(indptr, dtype=np.int32)), shape=(len(texts), len(vocabulary)))
    inplace_csr_row_normalize_l2(x)
    return x


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
