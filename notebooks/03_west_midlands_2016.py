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
# # One force's data breaches in one year, by category
#
# The categories below are as published, each mapped to one of the project's own categories (its list of
# category names). Two parameters choose the force and the year (the published analysis: West Midlands
# Police in 2016, as the Express & Star reported it in August 2017). Where several sources break the same
# year down, the chart shows one, by the project's rule for which counting unit comes first, and each of the
# others is shown apart, in its own unit.

# %% tags=["parameters"]
force = "west_midlands"
year = 2016
highlight_largest = True
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("03_west_midlands_2016", globals())

# %%
from police_breaches.analysis import breakdowns, processed
from police_breaches.analysis.views import Facts
from police_breaches.core.outputs import write_csv
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.publish import charts, nb, sentences, words
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
manifest = processed.load_manifest()
breakdown, *others = Facts.load().categories(force, year, vocab.taxonomy.names("category"), breakdowns.units_in_order(),
                                             processed.publication_dates(manifest))  # the charted one first
in_all = breakdown.attrs.get("in_all")  # its total, a fact, with its part-period note and caveats
force_name = vocab.forces.name_of(force)
nb.heading(words.categories_heading(force_name, year, breakdown), level=2)
nb.say(words.categories_intro(force_name, year, breakdown, manifest))
write_csv(breakdown.assign(force_id=force, year=year), PROCESSED / "categories.csv")
if not breakdown.empty:
    chart = charts.category_chart(breakdown, force_name, year, highlight_largest, fig_width,
                                  charts.source_line(breakdown["source_id"], manifest),
                                  processed.caveats_for(force, breakdown["resource"].unique()))
    paths = charts.save_chart(chart, "categories", FIGURES, PROCESSED, formats, dpi)
    nb.figure(charts.figure_html(chart, paths))
    nb.say(sentences.category_sentence(breakdown, year))
    nb.table(processed.readable(breakdown[["label_as_published", "category_name", "value", "source_id"]],
                               manifest).rename(columns={"value": "count"}),
             caption=f"{force_name}, {words.year_words(year, in_all)}: {breakdown['unit'].iloc[0]} by category", folded=True)
for other in others:
    nb.say(words.other_breakdown(force_name, year, breakdown, other, manifest))
    nb.table(processed.readable(other[["label_as_published", "category_name", "value", "source_id"]], manifest)
             .rename(columns={"value": "count"}),
             caption=f"{force_name}, {words.year_words(year, other.attrs.get('in_all'))}: {other['unit'].iloc[0]} by category")
