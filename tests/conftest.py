"""Shared fixtures: the bundled example scorecards double as test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import kpicascade
from kpicascade.model import Scorecard

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "scorecards").glob("*.yaml"))

# Property tests: derandomized in CI (the same examples every run, so a red run is the code's doing), random
# seeds locally, and a long run on request: HYPOTHESIS_PROFILE=long scripts/test tests/property
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True, database=None)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile("long", deadline=None, print_blob=True, max_examples=2_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    """Each bundled example scorecard's path, one test per example."""
    path: Path = request.param
    return path


@pytest.fixture
def example(example_path: Path) -> Scorecard:
    """Each bundled example scorecard, loaded."""
    return kpicascade.load(example_path)
