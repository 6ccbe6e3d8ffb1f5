"""The build: the step graph's machinery, fingerprints and records, workspaces, the engine and runner,
one-off runs and the first cell of every notebook. It knows the domain only through ``pipeline.py``.
May import: ``core``."""
