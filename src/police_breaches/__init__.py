"""Shared logic for the UK police data-breach notebooks.

The notebooks in ``notebooks/`` stay short: reading, cleaning, ranking and charting live here so that they
can be tested on their own.
"""
