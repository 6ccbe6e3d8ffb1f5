"""The raw data, read: the manifest, the reader shapes (one module each under ``readers/``), parsing of cells
and dates, the controlled vocabularies, the consistency limits, and the clean step that writes tidy tables.
May import: ``core``."""
