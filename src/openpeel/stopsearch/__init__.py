"""Stop and search analysis beyond what forces publish: disproportionality against census population, the
outcome (hit-rate) test, the veil-of-darkness test and the completeness of the police.uk files behind them.
Methods, limits and sources: docs/stop-and-search.md. Reads the warehouse's stop_search table; no Django."""
