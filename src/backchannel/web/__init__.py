"""The analyst's workbench: a REST API (``/api``, OpenAPI at ``/docs``) and pages for people over a
store, every page with a JSON twin. ``backchannel serve`` runs it; ``create_app`` builds it over any
``StoreReader`` (``backchannel/store/reader.py``)."""

from .app import create_app

__all__ = ["create_app"]
