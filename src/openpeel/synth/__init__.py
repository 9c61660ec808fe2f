"""Synthetic force data returns, seeded and calibrated to published figures (docs/force-returns.md).

`openpeel synth run` writes them; `generate` is the function behind it.
"""

from openpeel.synth.generate import Summary, SynthError, generate, parse_month, resolve_forces

__all__ = ["Summary", "SynthError", "generate", "parse_month", "resolve_forces"]
