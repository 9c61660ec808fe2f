"""Case file review pages: draw a sample, review each file against the checklist, report compliance."""
