"""The jinja2 environment of the report: autoescape on, sandboxed, company templates before ours."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from kpicascade.resources import templates_dir

#: The template the report starts from; a company's folder may override it or any template it includes.
REPORT = "report.html.j2"


@functools.lru_cache(maxsize=16)
def environment(templates: Path | None = None) -> jinja2.Environment:
    """Return the environment that finds templates in templates (if given) first, then in ours.

    Environments are kept, so a process that writes many reports compiles each template once (jinja2
    still notices a template changed on disk).
    """
    folders = [str(templates)] if templates is not None else []
    loader = jinja2.FileSystemLoader([*folders, str(templates_dir())])
    # Sandboxed: a template from a company's folder can format the report but not reach into Python.
    return SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
