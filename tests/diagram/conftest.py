"""Fixtures for diagram tests: the small account, scored."""

from __future__ import annotations

import pytest

from kpicascade.scoring import Result
from tests.diagram.cards import account


@pytest.fixture
def scored() -> Result:
    """The small account scored at its latest period (2025-Q4): every status present."""
    result: Result = account().score()
    return result
