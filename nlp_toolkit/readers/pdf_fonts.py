"""Repairs to PDF font dictionaries before pdfminer reads them.

A CJK font that is not embedded is read through its character collection (CIDSystemInfo:
Registry "Adobe", Ordering "GB1" …). In some encrypted files (an owner password only: the file
opens without one) those two strings come out of decryption as bytes that name no collection
(unprintable, or printable by chance: ``r7(``), and every character would be a bare CID — the text looked "encrypted" although it can be read.
The collection is then taken from the font's CMap name (UniGB-UCS2-H → Adobe-GB1 …), which
is a PDF name and never encrypted.
"""
from __future__ import annotations

from functools import cache

_ORDERING_BY_CMAP = (  # CMap name prefix → Adobe character collection
    (("UniGB", "GB", "GBK", "GBpc", "GBT"), "GB1"),
    (("UniCNS", "B5", "CNS", "ETen", "HKscs"), "CNS1"),
    (("UniJIS", "90ms", "90pv", "83pv", "RKSJ"), "Japan1"),
    (("UniKS", "KSC", "KSCms"), "Korea1"),
)
_KNOWN_ORDERINGS = {ordering for _, ordering in _ORDERING_BY_CMAP} | {"Identity", "UCS"}


def collection_for(cmap_name: str) -> str | None:
    """The Adobe ordering a predefined CMap belongs to, or None."""
    for prefixes, ordering in _ORDERING_BY_CMAP:
        if any(cmap_name.startswith(p) for p in prefixes):
            return ordering
    return None


def repaired_cid_spec(spec: dict) -> dict:
    """`spec` (a CIDFont dictionary) with a readable CIDSystemInfo when its own is garbled."""
    from pdfminer.psparser import literal_name
    from pdfminer.pdftypes import resolve1

    info = resolve1(spec.get("CIDSystemInfo"))
    if not isinstance(info, dict) or _names_a_collection(info):
        return spec
    encoding = resolve1(spec.get("Encoding"))
    ordering = collection_for(literal_name(encoding)) if encoding is not None else None
    if ordering is None:
        return spec
    return {**spec, "CIDSystemInfo": {**info, "Registry": b"Adobe", "Ordering": ordering.encode()}}


def _names_a_collection(info: dict) -> bool:
    """True when CIDSystemInfo names an Adobe collection pdfminer knows, or has no Ordering string
    to repair; a garbled decryption almost never spells one."""
    from pdfminer.pdftypes import resolve1

    ordering = resolve1(info.get("Ordering"))
    if not isinstance(ordering, bytes):
        return True  # absent or not a string: nothing to repair
    return resolve1(info.get("Registry")) == b"Adobe" and ordering.decode("latin-1") in _KNOWN_ORDERINGS


@cache
def resource_manager_class():
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.psparser import literal_name

    class RepairingResourceManager(PDFResourceManager):
        def get_font(self, objid, spec):
            if literal_name(spec.get("Subtype")) in ("CIDFontType0", "CIDFontType2"):
                spec = repaired_cid_spec(dict(spec))
            return super().get_font(objid, spec)

    return RepairingResourceManager
