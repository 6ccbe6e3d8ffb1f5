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
# processed tables into one file per force (`data/processed/forces/<force>.json`), and one line per force for
# the index (`data/processed/forces.csv`). A force's page is rebuilt only when its own file changes. The
# 2016 report's totals are ranked on the report's own period (June 2011 – December 2015), whatever period
# notebook 02 is set to; `workforce_as_at` and `ties` are this notebook's own.

# %% tags=["parameters"]
workforce_as_at = "2015-03-31"
ties = "min"

# %%
from police_breaches.pipeline.session import begin

begin("08_force_profiles", globals())

# %%
import json

import pandas as pd

from police_breaches.analysis import processed
from police_breaches.publish import nb, profiles
from police_breaches.core.outputs import write_csv, write_text
from police_breaches.core.paths import PROCESSED
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
register = vocab.forces
manifest = processed.load_manifest()
tables = processed.load_processed()
tables.update(profiles.the_2016_report(tables, register, workforce_as_at, ties, vocab.taxonomy.names("outcome")))
index = []
for force_id in register.territorial()["force_id"]:
    document = profiles.profile(force_id, register, tables, manifest)
    write_text(PROCESSED / "forces" / f"{force_id}.json",
               json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    index.append(profiles.index_row(document))
index = pd.DataFrame(index).astype({"total_2016_report": "Int64", "best_rank": "Int64", "answered": "Int64"})
index = index.sort_values("force").reset_index(drop=True)
write_csv(index, PROCESSED / "forces.csv")
nb.say(f"{len(index)} territorial forces; {int((index['status'] == 'published').sum())} have a total from the 2016 report.")
