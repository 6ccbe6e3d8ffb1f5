"""What readers receive: the chart style and charts, the sentences and headings, the report, the force pages,
the notebooks' display helpers, the comparison of runs and the FOI campaign's requests.
May import: ``analysis``, ``sources`` and ``core``."""
