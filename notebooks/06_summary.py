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
# Every figure below is a fact from the facts table (`facts.csv`), in its own period; each comes
# from the raw files listed at the end of the report.

# %% tags=["parameters"]
highlight_force = "west_midlands"

# %%
from police_breaches.pipeline.session import begin

begin("06_summary", globals())

# %%
from police_breaches.analysis.views import Facts
from police_breaches.core.outputs import write_csv
from police_breaches.core.paths import PROCESSED
from police_breaches.publish import nb, summary
from police_breaches.sources.vocab import Vocabularies

vocab = Vocabularies.load()
facts, categories = Facts.load(), summary.read_categories()
write_csv(summary.headline(facts, categories, vocab.forces.name_of), PROCESSED / "headline.csv")  # the report's headline box
findings = summary.findings(facts, categories, highlight_force, vocab.forces.name_of, vocab.taxonomy.names("outcome"))
nb.say("\n".join(f"- {finding}" for finding in findings))
