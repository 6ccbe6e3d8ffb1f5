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
# are shown side by side and never joined into one trend.

# %% tags=["parameters"]
force = "west_midlands"
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200
processed_dir = "data/processed"
figures_dir = "figures"
config_dir = "config"
manifest_path = "datapackage.json"

# %%
import json
from pathlib import Path

from police_breaches import analysis, charts, nb
from police_breaches.vocab import Vocabularies

vocab = Vocabularies.load(Path(config_dir))
tables = analysis.load_processed(processed_dir)
titles = {r["name"]: r["title"] for r in json.loads(Path(manifest_path).read_text(encoding="utf-8"))["resources"]}
series = analysis.context_series(tables["observations"], force, titles)
chart = charts.context_chart(series, vocab.forces.name_of(force), fig_width)
paths = charts.save_chart(chart, f"{force}_in_context", Path(figures_dir), Path(processed_dir), formats, dpi)
nb.figure(charts.figure_html(chart, paths))
nb.table(series[["unit", "period_label", "value", "source_id"]], caption="Every published series, as charted")

# %% [markdown]
# ## The same cases, three ways (FOI 4658_14)
#
# The force's answer gives its cases by month recorded, by rank at the time of the incident and by type. The
# type table disagrees with the other two for 2013 and 2014; all three are shown as published.

# %%
obs = tables["observations"]
foi = obs[(obs["source_id"] == "foi_wmp_4658_14") & (obs["force_id"] == force)]
for breakdown, caption in [("category", "By type of incident"), ("staff_group", "By rank at the date of the incident")]:
    wide = foi[foi["breakdown"] == breakdown].pivot_table(index="label_as_published", columns="period_label",
                                                          values="value", aggfunc="sum", sort=False)
    wide.loc["Sum of the rows"] = wide.sum()
    nb.table(wide.reset_index().rename(columns={"label_as_published": caption}), caption=f"{caption}, cases recorded")
