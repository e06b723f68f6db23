"""The ``kb`` command: a thin shell over kb, indexer and web, one module per area."""
