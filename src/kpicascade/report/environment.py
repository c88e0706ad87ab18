"""The jinja2 environment of the report: autoescape on, sandboxed, company templates before ours."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from kpicascade.resources import templates_dir

#: The template the report starts from; a company's folder may override it or any template it includes.
REPORT = "report.html.j2"


def css_string(text: object) -> Markup:
    r"""Return text as a quoted CSS string, every character but a letter or digit as a hex escape.

    Scorecard text goes into the print stylesheet's page headers this way: no quote, backslash or
    `</style>` can end the string or the style element. Six hex digits, so no space is swallowed.

    >>> print(css_string('Acme "F" </style>'))
    "Acme\000020\000022F\000022\000020\00003c\00002fstyle\00003e"
    """
    escaped = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in str(text))
    return Markup(f'"{escaped}"')


@functools.lru_cache(maxsize=16)
def environment(templates: Path | None = None) -> jinja2.Environment:
    """Return the environment that finds templates in templates (if given) first, then in ours.

    Environments are kept, so a process that writes many reports compiles each template once (jinja2
    still notices a template changed on disk).
    """
    folders = [str(templates)] if templates is not None else []
    loader = jinja2.FileSystemLoader([*folders, str(templates_dir())])
    # Sandboxed: a template from a company's folder can format the report but not reach into Python.
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    return env
