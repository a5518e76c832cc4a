"""The ``cxloop`` command line (Typer + Rich)."""
