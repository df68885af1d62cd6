"""The wheel carries the model and its install analyses the demo batch outside the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-w", str(out), str(ROOT)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"wheel build unavailable offline: {done.stderr[-300:]}")
    return next(out.glob("nlp_toolkit-*.whl"))


def test_wheel_ships_model_and_marker(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "nlp_toolkit/py.typed" in names
    folder = "nlp_toolkit/models/problem_classifier/"
    assert folder + "meta.json" in names
    meta = json.loads((ROOT / folder / "meta.json").read_text(encoding="utf-8"))
    # the shipped kind decides the file: model.joblib (scikit-learn) or the model/ folder (spaCy)
    model_file = folder + ("model/config.cfg" if meta["files"] == "model/" else meta["files"])
    assert model_file in names


def _fresh_venv(where: Path) -> Path:
    """A venv of its own that sees the shared venv's packages (after its own), so nothing is downloaded.

    A plain path line does not run the shared venv's own .pth files, so its editable install stays out.
    """
    venv.EnvBuilder(with_pip=False).create(where)
    own = next(where.glob("lib/python*/site-packages"))
    shared = [p for p in sys.path if p.endswith("site-packages")]
    (own / "shared_venv.pth").write_text("\n".join(shared) + "\n", encoding="utf-8")
    return where / "bin" / "python"


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})


def test_installed_wheel_analyses_demo(wheel, tmp_path):
    python = _fresh_venv(tmp_path / "venv")
    own = next((tmp_path / "venv").glob("lib/python*/site-packages"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(own),
                    str(wheel)], check=True, capture_output=True, env={"PATH": "/usr/bin:/bin"})
    where = _run(python, "-c", "import nlp_toolkit; print(nlp_toolkit.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stderr[-500:]
    done = _run(python, "-m", "nlp_toolkit.cli", "analyze", "--format", "json",
                str(ROOT / "corpora" / "demo" / "txt"), cwd=tmp_path)
    assert "ModelNotFound" not in done.stderr, done.stderr[-500:]
    assert "内部错误" not in done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result
    version = _run(python, "-m", "nlp_toolkit.cli", "--version", cwd=tmp_path)
    assert version.stdout.strip() == "nlp-toolkit 0.1.0"
