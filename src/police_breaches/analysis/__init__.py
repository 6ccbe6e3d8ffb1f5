"""The findings, as small functions over the processed tables: rankings and rank ranges, rates and their
intervals, category and outcome breakdowns, one force's series in context, the reproduction checks.
May import: ``sources`` and ``core``."""
