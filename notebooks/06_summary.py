# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (police-breaches)
#     language: python
#     name: police-breaches
# ---

# %% [markdown]
# # Summary of findings
#
# Every figure below is read from the tables the other notebooks wrote in `data/processed/`, which come
# from the raw files listed at the end of the report.

# %% tags=["parameters"]
processed_dir = "data/processed"
highlight_force = "West Midlands Police"

# %%
from pathlib import Path

import pandas as pd

from police_breaches import nb

processed = Path(processed_dir)
read = lambda name: pd.read_csv(processed / f"{name}.csv", keep_default_na=False)  # noqa: E731
ranking = read("chart_rankings_2011_2015")
rates = read("chart_rates_2011_2015")
categories = read("chart_west_midlands_2016_categories")
reproduction = read("reproduction_2011_2015")
national_outcomes = read("chart_outcomes_all_forces_that_answered")
quality = read("data_quality")
accounting = read("row_accounting")

# %%
leader, runner_up = ranking.iloc[0], ranking.iloc[1]
force_rate = rates.set_index("force").loc[highlight_force]
top_rate = rates.iloc[0]
no_formal = national_outcomes[national_outcomes["formal_action"] == "no"]
verdicts = reproduction["verdict"].value_counts()
disagreements = quality[quality["result"] != "ok"]
top_category = categories.iloc[0]

findings = [
    f"**{leader['force']} reported {leader['breaches']:,} data breaches** between June 2011 and December 2015, "
    f"{leader['breaches'] / runner_up['breaches']:.1f} times as many as the next force with a published total "
    f"({runner_up['force']}, {runner_up['breaches']:,}).",
    f"**Only {len(rates)} forces' totals are known.** {ranking['notes'].iloc[0]}",
    f"**Per member of staff the order changes:** {highlight_force} has {force_rate['per_1000_fte']:.1f} breaches "
    f"per 1,000 full-time-equivalent workforce (95% interval {force_rate['per_1000_fte_low']:.1f}–"
    f"{force_rate['per_1000_fte_high']:.1f}) and ranks {force_rate['rate_rank']} by rate; {top_rate['force']} is "
    f"highest at {top_rate['per_1000_fte']:.1f}.",
    f"**{100 * no_formal['share'].sum():.0f}% of the {national_outcomes['denominator'].iloc[0]:,} breaches nationally "
    f"ended with no formal disciplinary action**, according to Big Brother Watch's key findings.",
    f"**In 2016 {highlight_force} had {categories['breaches'].sum()} breaches**; the largest category was "
    f"{top_category['label_as_published']} ({top_category['breaches']}).",
    f"**Reproduction:** of {len(reproduction)} published figures, {verdicts.get('match', 0)} are rebuilt exactly, "
    f"{verdicts.get('cannot be rebuilt', 0)} cannot be rebuilt from what was published (each with its reason), "
    f"{verdicts.get('partial breakdown', 0)} are partial breakdowns that were never meant to add up, and "
    f"{verdicts.get('differs', 0)} differ.",
    f"**Data quality:** {accounting['rows_in'].sum():,} raw rows from {len(accounting)} files, all accounted for; "
    f"{len(quality):,} checks, of which {len(disagreements)} found the sources disagreeing (kept as published).",
]
nb.say("\n".join(f"- {finding}" for finding in findings))
