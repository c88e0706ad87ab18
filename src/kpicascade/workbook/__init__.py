"""The executive scorecard workbook (openpyxl): render it, save it, and read edited actuals back."""

from kpicascade.workbook.fingerprint import fingerprint
from kpicascade.workbook.render import render
from kpicascade.workbook.roundtrip import Change, ImportPlan, apply, plan_import
from kpicascade.workbook.write import save

__all__ = ["Change", "ImportPlan", "apply", "fingerprint", "plan_import", "render", "save"]
