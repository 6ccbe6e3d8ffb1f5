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
# # Which forces reported the most data breaches?
#
# Big Brother Watch's *Safe in Police hands?* (July 2016) asked every UK force, under the Freedom of
# Information Act, how many data breaches its officers and staff committed between 1 June 2011 and 31
# December 2015. Its per-force table could not be obtained: only the totals that newspapers quoted are known.
# Below, the ranking is rebuilt from those, with the ranks each force can hold among all the forces that
# answered; it is checked against what was published, with how much of the national total it covers, and the
# counts are put beside the size of each force. Every figure is read from the facts table, in its own period;
# the project's period, workforce date and tie rule are set once for the whole project (see Parameters).

# %% tags=["parameters"]
highlight_forces = ["west_midlands"]
top_n = 10
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("02_rankings_2011_2015", globals())

# %%
from police_breaches.analysis import processed
from police_breaches.analysis.views import Facts
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.publish import charts, nb, sentences, words
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
manifest = processed.load_manifest()
facts = Facts.load()
period = facts.ranking_period()  # the totals' own period, inside the project's window (params/01_facts.yml)
ranked, coverage = facts.ranking(period), facts.coverage(period)
drawn = period or facts.window  # a chart with nothing to draw names the project's period instead
nb.heading(words.rankings_heading(period, facts.window), level=2)
nb.say(words.rankings_intro(period, facts.window, coverage["published_periods"]))
nb.say(sentences.coverage_sentence(coverage, period, facts.window))

# %% [markdown]
# ## Does the rebuilt ranking match what was published?
#
# *Match*: the raw figures give the published value. *Cannot be rebuilt*: the figures needed were never
# published, or they allow the published value and others too (the reason says which). *Differs*: the raw
# figures contradict the published value; the facts step stops the build if that happens, naming both.

# %%
reproduction = facts.checks()
if reproduction.empty:
    nb.say("No published figure falls within the project's period, so there is nothing to check.")
else:
    nb.table(processed.readable(reproduction, manifest), caption="Published figures and what the raw data rebuild", folded=True)

# %% [markdown]
# ## The ranking

# %%
chart = charts.ranking_chart(ranked, top_n=top_n, highlight=highlight_forces, coverage=coverage, period=drawn,
                             width=fig_width)
nb.figure(charts.figure_html(chart, charts.save_chart(chart, "rankings", FIGURES, PROCESSED, formats, dpi)))
if ranked["rank"].notna().any():
    nb.table(processed.readable(sentences.range_table(ranked), manifest), caption=sentences.range_caption(coverage),
             folded=True)  # the chart shows the largest; every known total, with its source, is a click away
    nb.say(sentences.range_sentence(ranked, vocab.forces))
nb.table(sentences.coverage_table(coverage), caption="Coverage of the national total")
nb.say(sentences.highlight_sentence(ranked, highlight_forces, top_n, vocab.forces))
nb.say(sentences.missing_forces_sentence(coverage, period))

# %%
# This project's own FOI campaign (python -m police_breaches foi), shown only while one runs: where its
# requests stand, how far its answers narrowed the ranges above, and the answers that could not be ranked.
progress = facts.progress()
effect = facts.campaign(period)
not_ranked = facts.not_ranked(period)
if progress or len(effect) or len(not_ranked):
    nb.heading("What this project's own FOI requests have added", level=2)
    for asked, counts in progress.items():
        nb.say(words.progress_sentence(asked, counts))
    nb.say(words.campaign_sentence(effect, coverage))
    if len(effect):
        nb.table(effect, caption="The ranks each force can hold, from the report's totals alone and with this "
                                 "project's FOI answers")
    nb.say(words.not_ranked_sentence(not_ranked))

# %% [markdown]
# ## Counting breaches per member of the workforce
#
# Forces differ greatly in size. Dividing each force's count by its workforce (officers, police staff,
# PCSOs and designated officers, full-time equivalents, Home Office) gives a rate. The intervals are exact
# 95% Poisson intervals on the count: where two forces' intervals overlap, the data cannot tell their rates
# apart.

# %%
force_rates = facts.rates(period)
as_at = facts.parameters["workforce_as_at"]
rate_chart = charts.rate_chart(force_rates, highlight=highlight_forces, as_at=as_at, period=drawn, coverage=coverage,
                               width=fig_width)
nb.figure(charts.figure_html(rate_chart, charts.save_chart(rate_chart, "rates", FIGURES, PROCESSED, formats, dpi)))
slope = charts.slope_chart(force_rates, highlight=highlight_forces, period=drawn, coverage=coverage, width=fig_width)
nb.figure(charts.figure_html(slope, charts.save_chart(slope, "count_vs_rate_rank", FIGURES, PROCESSED, formats, dpi)))
nb.say(sentences.rate_sentences(force_rates, highlight_forces))
if not force_rates.empty:
    nb.table(sentences.rate_table(force_rates), caption=sentences.rate_caption(as_at, period), folded=True)
    nb.say(sentences.workforce_note_sentence(force_rates))
    nb.say(sentences.workforce_caveats(force_rates, as_at, facts.years(period)) + " "
           + sentences.revisions_sentence(*facts.revisions(), as_at))
