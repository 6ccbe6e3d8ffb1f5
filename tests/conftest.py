from __future__ import annotations

from pathlib import Path

import pytest

from police_breaches.clean import clean_all
from police_breaches.vocab import Vocabularies

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def vocab() -> Vocabularies:
    return Vocabularies.load(ROOT / "config")


@pytest.fixture(scope="session")
def cleaned():
    """The clean step run once on the real raw data."""
    return clean_all(ROOT)
