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
# # West Midlands Police in context: every published series, each in its own unit
#
# West Midlands Police's figures come from different questions: cases *finalised* per year (2005–2010),
# cases *recorded* (2010–2014), *people* disciplined (2013), breaches reported to a campaign group
# (June 2011 – December 2015) and breaches reported in the press (2016). They count different things, so they
# are shown side by side and never joined into one trend. The `force` parameter shows another force's series.

# %% tags=["parameters"]
force = "west_midlands"
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.session import begin

begin("05_west_midlands_in_context", globals())

# %%
from police_breaches import analysis, charts, nb
from police_breaches.paths import FIGURES, PROCESSED
from police_breaches.vocab import Vocabularies

vocab = Vocabularies.load()
tables = analysis.load_processed()
manifest = analysis.load_manifest()
titles = {r["name"]: r["title"] for r in manifest["resources"]}
series = analysis.context_series(tables["observations"], force, titles)
force_name = vocab.forces.name_of(force)
if series.empty:
    nb.say(f"No published series counts {nb.md(force_name)}'s breaches or cases.")
else:
    series, notes = analysis.annotate_series(series, tables["observations"], manifest)
    chart = charts.context_chart(series, force_name, fig_width, charts.source_line(series["source_id"], manifest), notes)
    nb.figure(charts.figure_html(chart, charts.save_chart(chart, "in_context", FIGURES, PROCESSED, formats, dpi)))
    nb.table(analysis.readable(series[["unit", "period_label", "value", "source_id"]], manifest),
             caption="Every published series, as charted")

# %% [markdown]
# ## One answer, several tables
#
# Where one FOI answer gives the same cases more than one way (West Midlands Police's 4658_14 gives them by
# month recorded, by rank at the time of the incident and by type), the tables by type and by rank are shown
# as published; the month table is the series charted above. Where they disagree, the data-quality checks
# say so.

# %%
obs = tables["observations"]
grids = obs[(obs["force_id"] == force) & obs["breakdown"].isin(["category", "staff_group"])
            & obs["resource"].isin(analysis.grid_resources(manifest))]
for (resource, breakdown), group in grids.groupby(["resource", "breakdown"], sort=False):
    caption = f"{titles.get(resource, resource)}: {group['unit'].iloc[0]}"
    wide = group.pivot_table(index="label_as_published", columns="period_label", values="value", aggfunc="sum",
                             sort=False)
    wide.loc["Sum of the rows"] = wide.sum()
    nb.table(wide.reset_index().rename(columns={"label_as_published": "as published"}), caption=caption)
if grids.empty:
    nb.say(f"No FOI answer gives {nb.md(force_name)}'s cases in more than one table.")
