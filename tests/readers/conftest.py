"""Session fixtures for the reader tests."""
from __future__ import annotations

import pytest
from reader_helpers import GENERATOR, round_trip_sources


@pytest.fixture(scope="session")
def gen():
    return GENERATOR


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """GBK, DOCX and PDF versions of every round-trip source, built once per session."""
    out = tmp_path_factory.mktemp("formats")
    for src in round_trip_sources():
        GENERATOR.convert(src, out / src.parent.name, log=lambda *_: None)
    return out
