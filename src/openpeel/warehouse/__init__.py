from openpeel.warehouse.store import connect, transaction

__all__ = ["connect", "transaction"]
