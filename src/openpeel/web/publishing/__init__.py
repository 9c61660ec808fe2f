"""Published reports, press releases and the national overview."""
