"""openpeel: continual PEEL inspection of the police forces of England and Wales."""

__version__ = "0.1.0"
