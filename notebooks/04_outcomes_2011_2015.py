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
# # What happened to the officers and staff who breached data?
#
# Where an outcome breakdown was published (Big Brother Watch's national key findings, and forces whose
# quoted outcomes account for all their breaches or whose incidents are listed one by one), it is shown on the
# project's outcome scale, from no action to criminal conviction, with the share that
# ended with no formal action (no action, management advice or action, not proven).

# %% tags=["parameters"]
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("04_outcomes_2011_2015", globals())

# %%
from police_breaches.analysis import processed
from police_breaches.analysis.views import Facts
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.publish import charts, nb, sentences
from police_breaches.sources.vocab import Vocabularies, slug

vocab = Vocabularies.load()
manifest = processed.load_manifest()
facts = Facts.load()
period = facts.ranking_period()  # the report's period, inside the project's window (params/01_facts.yml)
outcomes, summary = facts.outcomes(period, vocab.taxonomy.names("outcome"))
if summary.empty:
    nb.say("No outcome breakdown of the breaches is published for the project's period.")
else:
    nb.table(sentences.no_formal_action_table(summary), caption="Breaches that ended with no formal action", folded=True)

# %%
for body, group in outcomes.groupby("body", sort=False):
    chart = charts.outcome_chart(group, summary.set_index("body").loc[body].to_dict(), period, fig_width,
                                 charts.source_line(group["source_id"], manifest))
    paths = charts.save_chart(chart, f"outcomes_{slug(body)}", FIGURES, PROCESSED, formats, dpi)
    nb.figure(charts.figure_html(chart, paths))
