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
# # Summary of findings
#
# Every figure below is read from the tables the sections after it wrote in `data/processed/`, which come
# from the raw files listed at the end of the report.

# %% tags=["parameters"]
highlight_force = "west_midlands"

# %%
from police_breaches.pipeline.session import begin

begin("06_summary", globals())

# %%
from police_breaches.publish import nb, summary
from police_breaches.core.outputs import write_csv
from police_breaches.core.paths import PROCESSED
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
tables = summary.read_tables()
write_csv(summary.headline(tables, vocab.forces.name_of), PROCESSED / "headline.csv")  # the report's headline box
findings = summary.findings(tables, highlight_force, vocab.forces.name_of)
nb.say("\n".join(f"- {finding}" for finding in findings))
