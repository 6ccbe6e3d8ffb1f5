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
# counts are put beside the size of each force.

# %% tags=["parameters"]
period_start = "2011-06-01"
period_end = "2015-12-31"
highlight_forces = ["west_midlands"]
top_n = 10
ties = "min"
workforce_as_at = "2015-03-31"
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("02_rankings_2011_2015", globals())

# %%
from police_breaches.analysis import checks, processed, rankings, rates
from police_breaches.publish import charts, foi, nb, sentences, words
from police_breaches.core import paths
from police_breaches.core.outputs import write_csv
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
manifest = processed.load_manifest()
tables = processed.load_processed()
observations, published_ranks, workforce = (tables[name] for name in ["observations", "published_ranks", "workforce"])
period = (period_start, period_end)
nb.heading(words.rankings_heading(*period), level=2)
nb.say(words.rankings_intro(*period))

totals = rankings.force_totals(observations, vocab.forces, period_start, period_end)
national_total = rankings.national_figure(observations, period_start, period_end)
ranked = rankings.with_ranges(rankings.rank(totals, ties=ties), processed.within(published_ranks, *period),
                              vocab.forces, national_total)
coverage = rankings.coverage(ranked, vocab.forces, national_total, rankings.total_periods(observations))
write_csv(ranked, PROCESSED / "ranking.csv")
write_csv(rankings.coverage_record(coverage, period), PROCESSED / "coverage.csv")
nb.say(sentences.coverage_sentence(coverage, period))

# %% [markdown]
# ## Does the rebuilt ranking match what was published?
#
# *Match*: the raw figures give the published value. *Cannot be rebuilt*: the figures needed were never
# published (the reason says which). *Differs*: the raw figures contradict the published value; the build
# stops if that happens.

# %%
reproduction = checks.reproduction(ranked, totals, observations, published_ranks, tables["incidents"],
                                     vocab.forces, period_start, period_end)
write_csv(reproduction, PROCESSED / "reproduction.csv")
if reproduction.empty:
    nb.say("No published figure falls within this period, so there is nothing to check.")
else:
    nb.table(processed.readable(reproduction, manifest), caption="Published figures and what the raw data rebuild", folded=True)
differs = reproduction[reproduction["verdict"] == "differs"]
assert differs.empty, f"published figures no longer reproduced: {differs['figure'].tolist()}"

# %% [markdown]
# ## The ranking

# %%
chart = charts.ranking_chart(ranked, top_n=top_n, highlight=highlight_forces, coverage=coverage, period=period,
                             width=fig_width)
nb.figure(charts.figure_html(chart, charts.save_chart(chart, "rankings", FIGURES, PROCESSED, formats, dpi)))
if ranked["rank"].notna().any():
    nb.table(processed.readable(sentences.range_table(ranked), manifest),
             caption="The forces whose totals were published, largest first, and the ranks each can hold among "
                     "all the forces assumed to have answered")
    nb.say(sentences.range_sentence(ranked, vocab.forces))
nb.table(rankings.coverage_table(coverage), caption="Coverage of the national total")
nb.say(sentences.highlight_sentence(ranked, highlight_forces, top_n, vocab.forces))
nb.say(sentences.missing_forces_sentence(coverage, period))

# %%
# This project's own FOI campaign (python -m police_breaches foi), shown only while one runs: its progress,
# and how far its answers narrowed the ranges above.
campaign = foi.read_tracker(paths.root())
if campaign or rankings.answered(totals).any():
    nb.heading("What this project's own FOI requests have added", level=2)
    nb.say(foi.progress_sentence(campaign))
    effect = rankings.campaign_effect(totals, ranked, processed.within(published_ranks, *period), vocab.forces,
                                      national_total, ties)
    write_csv(effect, PROCESSED / "campaign_effect.csv")
    nb.say(words.campaign_sentence(effect))
    nb.table(effect, caption="The ranks each force can hold, from the report's totals alone and with this "
                             "project's FOI answers")

# %% [markdown]
# ## Counting breaches per member of the workforce
#
# Forces differ greatly in size. Dividing each force's count by its workforce (officers, police staff,
# PCSOs and designated officers, full-time equivalents, Home Office) gives a rate. The intervals are exact
# 95 % Poisson intervals on the count: where two forces' intervals overlap, the data cannot tell their rates
# apart.

# %%
years = rates.years_between(period_start, period_end)
force_rates = rates.rates(ranked, workforce, workforce_as_at, years)
write_csv(force_rates, PROCESSED / "rates.csv")
rate_chart = charts.rate_chart(force_rates, highlight=highlight_forces, as_at=workforce_as_at, years=years, period=period,
                               coverage=coverage, width=fig_width)
nb.figure(charts.figure_html(rate_chart, charts.save_chart(rate_chart, "rates", FIGURES, PROCESSED, formats, dpi)))
slope = charts.slope_chart(force_rates, highlight=highlight_forces, period=period, coverage=coverage, width=fig_width)
nb.figure(charts.figure_html(slope, charts.save_chart(slope, "count_vs_rate_rank", FIGURES, PROCESSED, formats, dpi)))
nb.say(sentences.rate_sentences(force_rates, highlight_forces))
if not force_rates.empty:
    nb.table(force_rates[["force", "value", "workforce_fte", "per_1000_fte", "per_1000_fte_low",
                          "per_1000_fte_high", "per_1000_fte_per_year", "count_rank", "rate_rank"]]
             .rename(columns={"value": "breaches"}),
             caption=f"Breaches per 1,000 FTE workforce at {workforce_as_at}, with 95% intervals", folded=True)
    nb.say(sentences.workforce_note_sentence(force_rates))
    nb.say(sentences.workforce_caveats(force_rates, workforce_as_at, years) + " "
           + rates.revisions_sentence(workforce, workforce_as_at))
