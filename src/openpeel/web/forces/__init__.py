"""Public force pages: the home page, a force's page."""
