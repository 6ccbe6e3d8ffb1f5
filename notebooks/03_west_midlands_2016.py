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
# # West Midlands Police's data breaches in 2016, by category
#
# The Express & Star reported on 25 August 2017 that West Midlands Police breached data protection rules
# 24 times in 2016, and listed the breaches by category. The categories below are as published, each mapped
# to the project's canonical category (`config/labels.csv`).

# %% tags=["parameters"]
force = "west_midlands"
year = 2016
highlight_largest = True
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200
processed_dir = "data/processed"
figures_dir = "figures"
config_dir = "config"

# %%
from pathlib import Path

from police_breaches import analysis, charts, nb
from police_breaches.vocab import Vocabularies

vocab = Vocabularies.load(Path(config_dir))
observations = analysis.load_processed(processed_dir)["observations"]
breakdown = analysis.category_breakdown(observations, vocab.taxonomy.names("category"), force, year)
assert not breakdown.empty, f"no category breakdown published for {force} in {year}"
force_name = vocab.forces.name_of(force)
source = "Express & Star, 'West Midlands Police breach data 24 times in one year', 25 August 2017"
chart = charts.category_chart(breakdown, force_name, year, highlight_largest, fig_width, source)
paths = charts.save_chart(chart, f"{force}_{year}_categories", Path(figures_dir), Path(processed_dir), formats, dpi)
nb.figure(charts.figure_html(chart, paths))
top = breakdown.iloc[0]
nb.say(f"**{int(breakdown['value'].sum())} breaches** in {year}. The largest category, "
       f"*{top['label_as_published']}*, accounts for {int(top['value'])} "
       f"({100 * top['value'] / breakdown['value'].sum():.0f}%).")
nb.table(breakdown[["label_as_published", "category_name", "value", "status", "source_id"]]
         .rename(columns={"value": "breaches"}), caption=f"{force_name}, {year}: breaches by category")
