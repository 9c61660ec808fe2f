"""Inspections: a force inspected under one PEEL framework version, its evidence, findings and graded
judgments, the workflow from draft to publication, and an append-only, hash-chained audit trail.

A Django app (it sits on the workflow side of docs/design.md): models/ holds the tables, the other modules
the rules that act on them. Grades, areas and characteristics always come from the framework data files.
"""
