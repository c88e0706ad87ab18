"""Render documents as their readers' programs do (LibreOffice to PDF) and read the PDF's text back with pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader


def to_pdf(paths: list[Path], profile_dir: Path, out: Path) -> list[Path]:
    """Open each file in headless LibreOffice (Calc or Impress, by its kind) and export it as PDF into out."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: scripts/system-packages test installs it")
    out.mkdir(parents=True, exist_ok=True)
    command = [soffice, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(out), *(str(p) for p in paths)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    pdfs = [out / f"{p.stem}.pdf" for p in paths]
    missing = [p.name for p in pdfs if not p.is_file()]
    if done.returncode or missing:
        pytest.fail(f"LibreOffice could not export {missing} ({done.returncode}): {done.stdout} {done.stderr}")
    return pdfs


def pages(pdf: Path) -> list[str]:
    """Return the text of each page of a PDF, its whitespace folded to single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(pdf).pages]


def folded(text: str) -> str:
    """Return text with its whitespace folded to single spaces, as pages() gives it."""
    return re.sub(r"\s+", " ", text).strip()
