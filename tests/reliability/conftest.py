"""Hypothesis keeps its caches outside the working tree (no .hypothesis/ beside the code)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "nlp_toolkit-hypothesis")
