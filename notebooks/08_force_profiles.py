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
# # What is known about each force
#
# For every territorial force, everything published about data breaches by its officers and staff, gathered from the
# processed tables into one file per force, and one line per force for the index. A force's page is rebuilt
# only when its own file changes. Every figure is a fact from the facts table: the same number the report
# gives, in the same period, with the project's workforce date and tie rule.

# %%
from police_breaches.pipeline.session import begin

begin("08_force_profiles", globals())

# %%
import json

import pandas as pd

from police_breaches.analysis import processed
from police_breaches.analysis.views import Facts
from police_breaches.core.outputs import write_csv, write_text
from police_breaches.core.paths import PROCESSED
from police_breaches.publish import nb, profiles
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
register = vocab.forces
manifest = processed.load_manifest()
facts = Facts.load()
period = facts.ranking_period()  # the 2016 report's period, inside the project's window (params/01_facts.yml)
tables = processed.load_processed()
outcome_breakdowns, outcome_summaries = facts.outcomes(period, vocab.taxonomy.names("outcome"))
tables.update({"ranking": facts.ranking(period), "rates": facts.rates(period), "reproduction": facts.checks(),
               "outcome_breakdowns": outcome_breakdowns, "outcome_summaries": outcome_summaries,
               "category_names": vocab.taxonomy.names("category"),
               "report_2016": period and {"period": list(period), "national": facts.national_figure(period)}})
index = []
for force_id in register.territorial()["force_id"]:
    document = profiles.profile(force_id, register, tables, manifest, facts)
    write_text(PROCESSED / "forces" / f"{force_id}.json",
               json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    index.append(profiles.index_row(document))
index = pd.DataFrame(index).astype({"total_2016_report": "Int64", "best_rank": "Int64", "answered": "Int64"})
index = index.sort_values("force").reset_index(drop=True)
write_csv(index, PROCESSED / "forces.csv")
nb.say(f"{len(index)} territorial forces; {int((index['status'] == 'published').sum())} have a total from the 2016 report.")
