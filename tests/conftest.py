"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def project_root() -> Path:
    return ROOT


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


@pytest.fixture
def tei_all_rng() -> Path:
    path = SHARED / "tei" / "tei_all.rng"
    if not path.exists():
        pytest.skip("the TEI schema tei_all.rng is not beside the project")
    return path
