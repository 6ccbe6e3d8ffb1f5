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
# project's outcome scale (`config/canonical.csv`), from no action to criminal conviction, with the share that
# ended with no formal action (no action, management advice or action, not proven).

# %% tags=["parameters"]
period_start = "2011-06-01"
period_end = "2015-12-31"
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("04_outcomes_2011_2015", globals())

# %%
from police_breaches.analysis import breakdowns, processed
from police_breaches.publish import charts, nb
from police_breaches.core.outputs import write_csv
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.sources.vocab import Vocabularies, slug

vocab = Vocabularies.load()
manifest = processed.load_manifest()
tables = processed.load_processed()
outcomes = breakdowns.outcome_breakdowns(tables["observations"], tables["incidents"], vocab.taxonomy.names("outcome"),
                                         vocab.forces, period_start, period_end)
summary = breakdowns.no_formal_action(outcomes)
write_csv(outcomes, PROCESSED / "outcomes.csv")
write_csv(summary, PROCESSED / "no_formal_action.csv")
if summary.empty:
    nb.say("No outcome breakdown of the breaches is published for this period.")
else:
    nb.table(summary.assign(share_no_formal_action=(100 * summary["share_no_formal_action"]).round(1)),
             caption="Breaches that ended with no formal action", float_format="{:,.1f}", folded=True)

# %%
for body, group in outcomes.groupby("body", sort=False):
    chart = charts.outcome_chart(group, summary.set_index("body").loc[body].to_dict(), (period_start, period_end),
                                 fig_width, charts.source_line(group["source_id"], manifest))
    paths = charts.save_chart(chart, f"outcomes_{slug(body)}", FIGURES, PROCESSED, formats, dpi)
    nb.figure(charts.figure_html(chart, paths))
