from openpeel.warehouse.store import connect, stamp, transaction

__all__ = ["connect", "stamp", "transaction"]
