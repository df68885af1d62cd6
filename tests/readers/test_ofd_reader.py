"""OFD (GB/T 33190) text layer: pages in Document.xml order, same package limits as DOCX."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from nlp_toolkit.readers import ReadError, read, sniff

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _content(lines: list[str]) -> str:
    objs = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="0 {i * 10} 100 10" Font="1" Size="5">'
        f'<ofd:TextCode X="0" Y="5">{line}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(lines)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="9">{objs}</ofd:Layer></ofd:Content></ofd:Page>'


def write_ofd(path, pages: dict[str, list[str]], order: list[str], extra: dict[str, str] | None = None):
    """An OFD whose Document.xml lists the page folders in `order` (zip order is the reverse)."""
    refs = "".join(f'<ofd:Page ID="{i}" BaseLoc="Pages/{name}/Content.xml"/>' for i, name in enumerate(order))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} DocType="OFD" Version="1.0">'
                               f'<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        zf.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}>'
                                          f'<ofd:Pages>{refs}</ofd:Pages></ofd:Document>')
        for name in reversed(list(pages)):
            zf.writestr(f"Doc_0/Pages/{name}/Content.xml", _content(pages[name]))
        for member, body in (extra or {}).items():
            zf.writestr(member, body)
    return path


def test_ofd_text_in_page_order(tmp_path):
    path = write_ofd(tmp_path / "a.ofd", {"Page_0": ["一、主要工作", "完成培训12场。"], "Page_1": ["二、存在问题"]},
                     ["Page_0", "Page_1"])
    assert sniff(path.read_bytes()) == "ofd"
    source = read(path)
    assert source.format == "ofd"
    assert source.text == "一、主要工作\n完成培训12场。\n\n二、存在问题"


def test_order_comes_from_document_xml(tmp_path):
    path = write_ofd(tmp_path / "b.ofd", {"Page_0": ["第一页"], "Page_1": ["第二页"]}, ["Page_1", "Page_0"])
    assert read(path).text.split("\n\n") == ["第二页", "第一页"]


def test_entity_declaration_refused(tmp_path):
    path = write_ofd(tmp_path / "c.ofd", {"Page_0": ["正文"]}, ["Page_0"],
                     {"Doc_0/x.xml": '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a/>'})
    with pytest.raises(ReadError, match="OFD.*实体"):
        read(path)


def test_missing_page_is_corrupt(tmp_path):
    path = write_ofd(tmp_path / "d.ofd", {"Page_0": ["正文"]}, ["Page_0", "Page_7"])
    with pytest.raises(ReadError, match="OFD 文件已损坏"):
        read(path)


def test_truncated_ofd_is_corrupt(tmp_path):
    good = write_ofd(tmp_path / "e.ofd", {"Page_0": ["正文"]}, ["Page_0"]).read_bytes()
    bad = tmp_path / "f.ofd"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(ReadError, match="损坏"):
        read(bad)


def test_ofd_without_text_layer(tmp_path):
    path = write_ofd(tmp_path / "g.ofd", {"Page_0": []}, ["Page_0"])
    with pytest.raises(ReadError):
        read(path)


def test_analyze_folder_reads_ofd(tmp_path):
    from nlp_toolkit.batch.pipeline import SUPPORTED_SUFFIXES

    assert {".ofd", ".doc", ".wps"} <= set(SUPPORTED_SUFFIXES)
    import subprocess
    import sys

    write_ofd(tmp_path / "r.ofd", {"Page_0": ["关于2026年工作的总结", "一、主要工作", "完成培训12场。"]}, ["Page_0"])
    out = subprocess.run([str(Path(sys.executable).with_name("nlp-toolkit")), "analyze", "--format", "json", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    import json

    result = json.loads(out.stdout)
    assert result["errors"] == []
    assert [doc["format"] for doc in result["documents"]] == ["ofd"]


def test_ofd_spans_know_their_page(tmp_path):
    from nlp_toolkit.structure import parse

    path = write_ofd(tmp_path / "p.ofd", {"Page_0": ["一、主要工作", "完成培训12场。"], "Page_1": [], "Page_2": ["二、存在问题"]},
                     ["Page_0", "Page_1", "Page_2"])
    source = read(path)
    assert len(source.pages) == 3
    doc = parse(source)
    assert doc.page_at(doc.text.index("完成培训")) == 1
    assert doc.page_at(doc.text.index("二、存在问题")) == 3
