"""The inspectorate's working pages: inspections, their evidence, findings, grades, moderation and history.

Every view asks openpeel.inspections.access who may see and change what; the models validate and audit.
"""
