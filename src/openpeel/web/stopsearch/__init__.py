"""A force's stop and search page."""
