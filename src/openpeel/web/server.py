"""The web server (waitress) in front of the Django application."""

from __future__ import annotations

from openpeel.django_setup import setup_django


def serve(host: str, port: int) -> None:
    setup_django()
    from waitress import serve as waitress_serve

    from openpeel.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=8, _quiet=True)
