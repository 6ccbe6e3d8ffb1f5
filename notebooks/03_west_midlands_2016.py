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
# to the project's canonical category (`config/labels.csv`). The `force` and `year` parameters choose
# another force or year where a breakdown was published.

# %% tags=["parameters"]
force = "west_midlands"
year = 2016
highlight_largest = True
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.session import begin

begin("03_west_midlands_2016", globals())

# %%
from police_breaches import analysis, charts, nb
from police_breaches.outputs import write_csv
from police_breaches.paths import FIGURES, PROCESSED
from police_breaches.vocab import Vocabularies

vocab = Vocabularies.load()
observations = analysis.load_processed()["observations"]
breakdown = analysis.category_breakdown(observations, vocab.taxonomy.names("category"), force, year)
force_name = vocab.forces.name_of(force)
write_csv(breakdown.assign(force_id=force, year=year), PROCESSED / "categories.csv")
if breakdown.empty:
    nb.say(f"No breakdown of {nb.md(force_name)}'s breaches by category is published for {year}.")
else:
    chart = charts.category_chart(breakdown, force_name, year, highlight_largest, fig_width,
                                  charts.source_line(breakdown["source_id"], analysis.load_manifest()))
    paths = charts.save_chart(chart, "categories", FIGURES, PROCESSED, formats, dpi)
    nb.figure(charts.figure_html(chart, paths))
    nb.say(charts.category_sentence(breakdown, year))
    nb.table(analysis.readable(breakdown[["label_as_published", "category_name", "value", "source_id"]],
                               analysis.load_manifest()).rename(columns={"value": "count"}),
             caption=f"{force_name}, {year}: {breakdown['unit'].iloc[0]} by category")
