"""The executive scorecard workbook (openpyxl): render it and save it."""

from kpicascade.workbook.fingerprint import fingerprint
from kpicascade.workbook.render import render
from kpicascade.workbook.write import save

__all__ = ["fingerprint", "render", "save"]
