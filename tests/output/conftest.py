"""Session fixtures for the output tests (the batch itself is built in output_samples.py)."""
from __future__ import annotations

import pytest
from output_samples import make_batch

from nlp_toolkit.model import Batch


@pytest.fixture(scope="session")
def batch() -> Batch:
    """Shared by the output tests; they must not mutate it."""
    return make_batch()
