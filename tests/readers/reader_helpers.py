"""Helpers shared by the reader tests: the demo-format generator and the round-trip sources."""
from __future__ import annotations

from pathlib import Path

from script_loader import load_script

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FILES = ROOT / "tests" / "fixtures" / "files"
DEMO_TXT = ROOT / "corpora" / "demo" / "txt"
GENERATOR = load_script("make_demo_formats")


def round_trip_sources() -> list[Path]:
    """Every TXT the round-trip test covers: our fixtures and the demo corpus when present."""
    return sorted(FIXTURE_FILES.glob("report_*.txt")) + sorted(DEMO_TXT.glob("*.txt"))


def built_paths(built: Path, src: Path) -> dict[str, Path]:
    base = built / src.parent.name
    return {
        "gbk": base / "gbk" / src.name,
        "docx": base / "docx" / f"{src.stem}.docx",
        "pdf": base / "pdf" / f"{src.stem}.pdf",
    }
