"""Case file review, the analytics side: the checklist, sample size, stratified seeded draw, compliance.
No Django here (tests/test_layers.py); the inspection side (openpeel.inspections.casefiles) stores them."""
