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
# # Every fact on these pages, computed once
#
# Each figure the report and the force pages state is one row of the facts table (`facts.csv`, among the
# published tables), with its own period, unit, scope, sources and caveats. The parameters below define facts,
# so they are the whole project's, set in one place (listed under Parameters at the end).

# %% tags=["parameters"]
period_start = "2011-06-01"
period_end = "2015-12-31"
workforce_as_at = "2015-03-31"
ties = "min"

# %%
from police_breaches.pipeline.session import begin

begin("01_facts", globals())

# %%
import json

from police_breaches.analysis import campaign, facts, processed
from police_breaches.analysis.views import PARAMETERS
from police_breaches.core import paths
from police_breaches.core.outputs import write_csv, write_text
from police_breaches.publish import nb, words
from police_breaches.sources.vocab import Vocabularies

table, reproduction, requests = facts.compute(
    processed.load_processed(), Vocabularies.load(), processed.load_manifest(), period=(period_start, period_end),
    workforce_as_at=workforce_as_at, ties=ties,
    tracker=campaign.read_tracker(paths.root()), statuses=campaign.statuses(paths.root()))  # the FOI campaign, if one runs
write_csv(table, facts.FACTS)
write_csv(reproduction, facts.CHECKS)
write_csv(requests, facts.REQUESTS)
write_text(PARAMETERS, json.dumps({"period_start": period_start, "period_end": period_end,
                                   "workforce_as_at": workforce_as_at, "ties": ties}, indent=1) + "\n")
nb.say(words.facts_summary(table, (period_start, period_end)))
nb.table(words.facts_table(table), caption="The facts, measure by measure: what each measure is, and whether it is "
                                           "published or worked out", folded=True)
