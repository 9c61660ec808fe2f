"""Monitoring pages: tracked items, Scan and Engage, the signal digest and the risk view."""
