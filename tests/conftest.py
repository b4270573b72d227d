"""Shared fixtures. Only tests marked ``model`` load the real spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline, loaded once per test session."""
    from kg.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """One build of ``seeds/`` shared by the end-to-end tests: returns the output folder."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seeds-out")
    build([SEEDS], out, jobs=1, progress=False, use_cache=False)
    return out
