"""The document model: plain dataclasses, every fact a span over the decoded text.

Offsets (`start`, `end`) always index `Document.text` / `Source.text`, the text as the
user submitted it (decoded, line endings normalised to ``\\n``). Repairs used for
matching live in a derived view (`nlp_toolkit.structure.view`), never in `text`.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

if TYPE_CHECKING:  # types only: the model imports nothing of the stages that fill it
    from nlp_toolkit.batch.copying import Fingerprint

ROLES = ("achievements", "problems", "causes", "plans", "other")
CATEGORIES = ("理论学习", "政治素质", "能力本领", "担当作为", "廉洁自律")


@dataclass
class Span:
    """A half-open character range [start, end) into the document text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span | int") -> bool:
        if isinstance(other, int):
            return self.start <= other < self.end
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class LayoutHint(Span):
    """Something a reader saw in the file's layout that the structure parser may use.

    kind: "heading" (a Word heading style; `level` from the style), "numbered" (a Word
    paragraph with automatic numbering; `level` is the list level), "table" (text that
    came from a table), "title" (a Word Title style), "cell_paragraph" (one paragraph of a
    table cell that holds several), "bold" (a paragraph whose text is all bold and that has no
    heading style or numbering).
    """

    kind: str
    level: int | None = None
    style: str | None = None


@dataclass
class OcrLine(Span):
    """A line of text the OCR engine read: where it landed in the text, on which page and where.

    `box` is (x0, y0, x1, y1) from the top left corner: in points (1/72 inch) on a scanned PDF
    page, in pixels of the image for a photo (of the page turned upright, when it was scanned on
    its side); `confidence` is the engine's score for the line.
    """

    page: int  # 1-based
    box: tuple[float, float, float, float]
    confidence: float


@dataclass
class Source:
    """What a reader returns: decoded text and layout hints, no structure."""

    path: str
    format: str  # "txt" | "docx" | "pdf" | "doc" | "wps" | "ofd" | "jpg" | "png" | "tiff" | "bmp" | "text"
    text: str
    encoding: str | None = None
    hints: list[LayoutHint] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # start offset of each page in `text` (paged formats)
    ocr: bool = False  # the text was recognised from page images (a scan or a photo)
    ocr_lines: list[OcrLine] = field(default_factory=list)  # per recognised line: span, page, box, confidence
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages of a PDF whose text was recognised (OCR)
    unread_pages: list[int] = field(default_factory=list)  # 1-based scanned pages left unread (no OCR extra)
    warnings: list[str] = field(default_factory=list)  # what the reader could not do, for the user (Chinese)


@dataclass
class Sentence(Span):
    text: str
    paragraph: int  # index into Document.paragraphs


@dataclass
class Paragraph(Span):
    text: str
    index: int


@dataclass
class Heading(Span):
    """A heading line or an in-paragraph heading (e.g. the lead of 一是…)."""

    text: str  # heading as written, marker included
    marker: str  # "一、", "（二）", "1.", "【存在问题】", "" for style-only headings
    style: str  # "cn_dun" 一、 | "cn_paren" （一） | "arabic_dot" 1. | "arabic_paren" （1） | "part" 第一部分 | "bracket" 【】 | "word_style" | "title"
    level: int
    number: int | None = None  # the ordinal the marker states, for numbering checks


@dataclass
class Item(Span):
    """One enumerated item inside a section: its text excludes the marker."""

    text: str
    marker: str
    marker_start: int
    number: int | None = None
    kind: str = "heading"  # "heading" (own line or paragraph) | "inline" (一是…二是… inside a paragraph)


@dataclass
class Section(Span):
    """A headed stretch of the document; `start`/`end` cover heading and body."""

    heading: str
    role: str
    level: int
    heading_start: int
    heading_end: int
    items: list[Item] = field(default_factory=list)
    parent: int | None = None  # index of the enclosing section in Document.sections
    role_reason: str = ""


@dataclass
class RecordField(Span):
    """One labelled field of a record (问题表现：… 整改措施：… 责任单位：… 完成时限：…).

    kind: "problem" | "measure" | "owner" | "deadline" | "status" | "other";
    `label` is the label as written, `text` the value as written (doc.text[start:end]).
    """

    label: str
    kind: str
    text: str
    reason: str = ""  # e.g. why a deadline could not be read as a date


@dataclass
class Record(Span):
    """A labelled record: a run of field lines, one line of several fields, or a table row."""

    fields: list[RecordField] = field(default_factory=list)
    source: str = "lines"  # "lines" | "table"
    section: int | None = None

    def first(self, kind: str) -> "RecordField | None":
        """The first field of `kind`, or None."""
        return next((f for f in self.fields if f.kind == kind), None)


@dataclass
class Explanation:
    """Why a fact or finding was produced (after Presidio's `AnalysisExplanation`).

    Every Metric, Problem, Commitment, Statement and Finding carries one as `explanation`; it is
    what the HTML report, the workbook's 依据 column and the frames show. The older fields
    (`Metric.reason`/`score`, `Statement.reasons`/`decided_by`/`score`, `Problem.confidence`,
    `Finding.reason`) stay in the JSON contract as they were; the explanation is built from them
    where the fact is made (`nlp_toolkit.explain`), so there is one account of why, not two.

    recognizer: what produced it: an extractor (``metrics``, ``problems``, ``commitments``,
        ``statements.layout``), a trained model (``statement_classifier``, ``problem_classifier``)
        or a rule's code (``NUM003``);
    pattern_name: the pattern, word list or resource entry that matched, by name (``units.yml``,
        ``record_labels.yml``, a consistency check such as ``coverage``), never a long regex;
    pattern: the entry itself when it is short (the word, label or phrase that matched);
    original_score: the recognizer's own score, before context was taken into account;
    score: the score after context (the fact's score or confidence);
    text: one line of Chinese an inspector reads.
    """

    recognizer: str
    text: str
    pattern_name: str | None = None
    pattern: str | None = None
    original_score: float | None = None
    score: float | None = None


@dataclass
class Metric(Span):
    surface: str
    value: float | None
    unit: str | None
    subject: str | None = None
    qualifier: str | None = None
    parent: str | None = None
    value_max: float | None = None
    bound: str | None = None  # what the qualifier means: lower (余 超), upper (近), about (约)
    precision: float | None = None  # the step of the last written digit, in the value's unit (1.3万 → 1000)
    whole: int | None = None  # index in Document.metrics of the whole this figure is part of
    part_kind: str | None = None  # "partial" (其中/包括) or "exhaustive" (分别为)
    sentence: int | None = None
    section: int | None = None
    score: float = 1.0
    reason: str = ""
    problem: str | None = None  # why `value` is None: the figure could not be read as a number
    explanation: Explanation | None = None


@dataclass
class Problem(Span):
    text: str
    category: str | None  # None: not classified (`classify=False`)
    confidence: float | None
    scores: dict[str, float] = field(default_factory=dict)
    section: int | None = None
    marker: str = ""
    # A problem quoted from inspection feedback: the account of the work done on it that follows.
    response: str | None = None
    response_start: int | None = None
    response_end: int | None = None
    explanation: Explanation | None = None


@dataclass
class Commitment(Span):
    text: str
    action: str | None = None
    target: str | None = None
    deadline: str | None = None
    deadline_date: str | None = None  # ISO date where the deadline is one
    owner: str | None = None
    measurable: bool = False
    vague: bool = False
    section: int | None = None
    metrics: list[int] = field(default_factory=list)  # indices into Document.metrics
    # The plans item (or record) the measure belongs to: its heading as written and that span.
    group: str | None = None
    group_start: int | None = None
    group_end: int | None = None
    status: str | None = None  # a record's 整改进展 field, as written
    explanation: Explanation | None = None


class Related(TypedDict, total=False):
    """Another span a finding involves (what `Finding.related` holds, as the JSON writes it).

    In the finding's own document: `start`, `end`, `text` only. In another report: `path` names
    that report (the one way to name it) and `unit` its unit; a cross-report rule may add what
    its reader needs (CPY002 `matched`/`problems`; the archive rules the archived report's
    `document_id`, `title`, `year`, `batch`, `batch_id`, `batch_time`, and ARC002 the earlier
    problem's `category` and `similarity`).
    """

    path: str
    unit: str | None
    start: int
    end: int
    text: str
    matched: int
    problems: int
    document_id: int
    title: str | None
    year: int | None
    batch: str | None
    batch_id: int
    batch_time: str | None
    category: str | None
    similarity: float


RELATED_KEYS = frozenset(Related.__optional_keys__ | Related.__required_keys__)


@dataclass
class Finding(Span):
    code: str
    kind: str
    severity: str  # "error" | "warning" | "info"
    message: str
    text: str
    reason: str = ""
    documents: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)  # other spans involved
    explanation: Explanation | None = None  # which rule, check or word list found it, worded

    def __post_init__(self) -> None:
        for r in self.related:
            unknown = set(r) - RELATED_KEYS
            if unknown:
                raise TypeError(f"{self.code}: related span with keys outside `Related`: {sorted(unknown)}")


class MatchView(Protocol):
    """The derived text rules and the copy detector match over (`structure.view.MatchView`):
    hard wraps joined, spaces inside figures removed, Traditional characters read; `offsets[i]`
    is the source offset of `text[i]`."""

    text: str
    offsets: list[int]
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]: ...

    def from_source(self, pos: int) -> int: ...

    def slice_source(self, start: int, end: int) -> str: ...


@dataclass
class Document:
    path: str
    format: str
    encoding: str | None
    text: str
    title: str | None = None
    unit: str | None = None
    title_span: Span | None = None
    title_reason: str | None = None  # why these lines are the title (skipped letterhead, joined lines …)
    unit_reason: str | None = None  # where the unit was read: the title, the signature block, the opening
    hints: list[LayoutHint] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # page start offsets carried from the Source
    ocr: bool = False  # carried from the Source: text recognised from page images
    ocr_lines: list[OcrLine] = field(default_factory=list)  # carried from the Source
    ocr_pages: list[int] = field(default_factory=list)  # carried from the Source
    unread_pages: list[int] = field(default_factory=list)  # carried from the Source
    warnings: list[str] = field(default_factory=list)  # the reader's warnings, carried from the Source
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    year: int | None = None  # the year the report speaks of, for anchoring deadlines
    items: list[Item] = field(default_factory=list)  # every enumerated item, all sections
    records: list[Record] = field(default_factory=list)  # labelled records (问题清单, 整改台账, tables)
    label_rows: list[Span] = field(default_factory=list)  # table header rows (a repeated one too) and group rows: labels, not content
    statements: list[Statement] = field(default_factory=list)  # every candidate unit with its role
    view: "MatchView | None" = field(default=None, repr=False, compare=False)  # structure.view.build_view
    fingerprint: "Fingerprint | None" = field(default=None, repr=False, compare=False)  # batch.copying.fingerprint
    versions: list[str] = field(default_factory=list)  # other files of the same submission (on its primary)
    version_of: str | None = None  # the primary's path, when this file is another version of it
    version_reason: str | None = None  # why it is a version of that primary (same unit, same text …)
    extras: dict[str, list] = field(default_factory=dict)  # facts of kinds the model does not name (plug-ins)

    def section_at(self, offset: int) -> int | None:
        """Index of the innermost section containing `offset`, or None."""
        best = None
        for i, sec in enumerate(self.sections):
            if sec.start <= offset < sec.end and (best is None or sec.level >= self.sections[best].level):
                best = i
        return best

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing `offset` (sentences are sorted and disjoint)."""
        if getattr(self, "_starts_of", None) is not self.sentences:
            self._starts_of, self._starts = self.sentences, [s.start for s in self.sentences]
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return i
        return None

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding `offset`, or None for a format without pages."""
        import bisect

        return bisect.bisect_right(self.pages, offset) if self.pages else None

    def to_dict(self) -> dict[str, Any]:
        """The document as plain data (what `analyze --format json` prints)."""
        return view("document_dict")(self)

    def metrics_frame(self, english: bool = False):
        return view("metrics_frame")(self, english)

    def problems_frame(self, english: bool = False):
        return view("problems_frame")(self, english)

    def commitments_frame(self, english: bool = False):
        return view("commitments_frame")(self, english)

    def _repr_html_(self) -> str:
        """The report with its findings and metrics highlighted (Jupyter)."""
        return view("document_html")(self)

    def findings_frame(self, english: bool = False):
        return view("findings_frame")(self, english)

    def facts_frame(self, name: str, english: bool = False):
        """The frame of a plug-in's kind of fact (`extras[name]`), with its registered columns."""
        return view("facts_frame")(self, name, english)


@dataclass
class ReadFailure:
    path: str
    reason: str


@dataclass
class UnreadFolder(ReadFailure):
    """A folder under the ones named that could not be listed: the files in it were not analysed."""


@dataclass
class Submission:
    """One report a unit sent as several files (TXT, DOCX, PDF …): analysed as one, never a copy of itself."""

    primary: str  # the path its cross-report findings are on
    versions: list[str] = field(default_factory=list)  # the other files of the same report
    unit: str | None = None
    reason: str = ""  # why the files are one report


DECISION_STATUSES = ("误报", "已核实", "已反馈")  # what an inspector may decide about a finding


@dataclass
class Decision:
    """An inspector's decision on one finding, kept in the review file (`nlp_toolkit.review`).

    Keyed to survive a re-run and a resubmission in another format: the unit and the
    document's text fingerprint (either identifies the report), the rule and the finding's
    passage fingerprint (its normalised text).
    """

    code: str
    passage: str  # fingerprint of the finding's normalised passage
    document: str  # fingerprint of the report's normalised text
    unit: str | None = None
    status: str = "误报"  # 误报 | 已核实 | 已反馈
    note: str = ""
    file: str = ""  # the file name it was made on (for people reading the review file)
    text: str = ""  # the passage as it read then (for people reading the review file)


@dataclass
class Dismissed:
    """A finding left out of the lists because the review file holds a decision on it."""

    finding: Finding
    path: str  # the document it is on (the first of a cross-report finding's documents)
    decision: Decision


@dataclass
class Batch:
    documents: list[Document] = field(default_factory=list)
    errors: list[ReadFailure] = field(default_factory=list)
    batch_findings: list[Finding] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)  # report pairs and the share of text they have in common
    skipped: list[ReadFailure] = field(default_factory=list)  # files passed over on purpose (unsupported suffix …)
    submissions: list[Submission] = field(default_factory=list)  # reports sent as more than one file
    dismissed: list[Dismissed] = field(default_factory=list)  # findings the review file has decided

    def primaries(self) -> list[Document]:
        """The documents cross-report rules compare and outputs count: each submission once, by its primary file."""
        return [d for d in self.documents if d.version_of is None]

    def versions(self) -> list[Document]:
        """The other files of submissions sent as several files: listed, never counted."""
        return [d for d in self.documents if d.version_of is not None]

    def _repr_html_(self) -> str:
        """A summary in Jupyter (counts, units, rules), not every fact."""
        return view("batch_summary_html")(self)

    def frames(self, english: bool = False) -> dict[str, Any]:
        """The batch's tables as pandas DataFrames, keyed by table name."""
        return view("batch_frames")(self, english)


STATEMENT_ROLES = ("problem", "measure", "achievement", "cause", "other")


@dataclass
class Statement(Span):
    """A candidate unit of the report with its statement role.

    kind: "heading" | "item" | "sentence" | "clause" | "field" | "quote"; role: one of
    `STATEMENT_ROLES`; `score` the confidence in that role; `reasons` in Chinese (section role,
    heading wording, field label, quote pattern, the model's reading); `decided_by`: "layout"
    (the layout rules settle it), "model" (the trained classifier) or "section" (no model: the
    role the section's layout gives).
    """

    text: str
    kind: str
    role: str
    score: float
    reasons: list[str] = field(default_factory=list)
    section: int | None = None
    decided_by: str = "layout"
    explanation: Explanation | None = None


# ── views: the outputs behind the convenience methods above ───────────────────────────────────
# The model imports no output module (outputs import the model); `nlp_toolkit.output` registers
# its functions here when the package is imported, so `doc.to_dict()` and `doc.metrics_frame()`
# work without an import cycle.

VIEWS: dict[str, Callable[..., Any]] = {}


def register_view(name: str, function: Callable[..., Any]) -> None:
    """Make `function` the output behind a model method (`document_dict`, `metrics_frame` …)."""
    VIEWS[name] = function


def view(name: str) -> Callable[..., Any]:
    try:
        return VIEWS[name]
    except KeyError:
        raise LookupError(f"no output registered for {name!r}: import nlp_toolkit.output") from None
