"""Monitoring between inspections: recommendations and areas for improvement followed to closure, Scan and
Engage, SPC signals on the indicators behind them, and a risk view (docs/monitoring.md)."""
