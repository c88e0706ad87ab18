"""Portfolio builds: every account's outputs, incremental, parallel and crash-safe, plus a portfolio summary."""

from kpicascade.portfolio.run import BuildReport, as_dict, build

__all__ = ["BuildReport", "as_dict", "build"]
