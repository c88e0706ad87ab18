"""The round trip's tests use the workbook tests' made workbooks and LibreOffice."""

from tests.workbook.conftest import coverage_path, made, recalculate

__all__ = ["coverage_path", "made", "recalculate"]
