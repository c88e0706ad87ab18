"""Edited actuals back from a workbook: read its input cells, compare the rest, and rewrite the actuals CSV."""

from kpicascade.roundtrip.importer import Change, ImportPlan, apply, plan_import

__all__ = ["Change", "ImportPlan", "apply", "plan_import"]
