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
# # One force in context: every published series, each in its own unit
#
# A force's figures come from different questions (cases finalised, cases recorded, people disciplined,
# breaches reported to a campaign group or in the press). They count different things, so they are shown
# side by side and never joined into one trend. The `force` parameter chooses the force (the published
# analysis: West Midlands Police).

# %% tags=["parameters"]
force = "west_midlands"
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("05_west_midlands_in_context", globals())

# %%
from police_breaches.analysis import context, processed
from police_breaches.analysis.views import Facts
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.publish import charts, nb, words
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
manifest = processed.load_manifest()
facts = Facts.load()
titles = {r["name"]: r["title"] for r in manifest["resources"]}
series = facts.series(force, titles)  # the same series the force's own page lists
force_name = vocab.forces.name_of(force)
nb.heading(words.context_heading(force_name), level=2)
nb.say(words.context_intro(force_name, series, manifest))
if not series.empty:
    series, notes = context.annotate_series(series)
    chart = charts.context_chart(series, force_name, fig_width, charts.source_line(series["source_id"], manifest), notes)
    nb.figure(charts.figure_html(chart, charts.save_chart(chart, "in_context", FIGURES, PROCESSED, formats, dpi)))
    nb.table(processed.readable(series[["panel", "period_label", "value", "source_id"]], manifest),
             caption="Every published series, as charted", folded=True)

# %% [markdown]
# ## One answer, several tables
#
# Where one FOI answer gives the same cases more than one way (by month recorded, by rank at the time of the
# incident and by type, say), each table is shown as published, with each year's sum (a fact, with what the
# other tables give for the same year where they disagree); the chart above shows one of them, in a fixed order
# of preference (a total, then months, then staff groups, then categories).

# %%
grids = facts.grids(force, context.grid_resources(manifest))
for resource, table in grids.items():
    nb.table(table, caption=f"{titles.get(resource, resource)}: {table.attrs['unit']}", folded=True)
if not grids:
    nb.say(f"No FOI answer gives {nb.md(force_name)}'s cases in more than one table.")
