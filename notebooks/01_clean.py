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
# # Cleaning the raw figures
#
# Every raw file listed in `datapackage.json` is checked against its sha256, read by the reader for its
# published shape, and turned into tidy tables (the published tables). Every raw row is either carried into a
# table or set aside with a reason; checks the sources make possible are listed, and disagreements are
# reported, not fixed.

# %%
from police_breaches.pipeline.session import begin

begin("01_clean", globals())

# %%
from police_breaches.analysis import processed
from police_breaches.core.paths import PROCESSED
from police_breaches.publish import nb
from police_breaches.sources.clean import clean_all, write_clean
from police_breaches.sources.vocab import Vocabularies

result = clean_all()
write_clean(result, PROCESSED)
accounting = result.row_accounting
quality = result.data_quality
problems = quality[quality["result"] != "ok"]

nb.say(
    f"**{len(accounting)} raw files, {accounting['rows_in'].sum():,} raw rows**: "
    f"{accounting['rows_out'].sum():,} carried into the tidy tables and "
    f"{accounting['rows_set_aside'].sum():,} set aside with a reason (totals that were checked, region "
    f"subtotals, titles and footnotes). **{len(quality):,} checks** were made; "
    f"**{(quality['result'] == 'ok').sum():,} passed** and **{len(problems)} found the sources "
    f"disagreeing** (listed below)."
)

# %% [markdown]
# ## Where the sources disagree
#
# These are kept as published. Where one FOI answer gives the same cases in several tables, the tables should
# agree; where a later Home Office release gives a figure an earlier one gave, a change is a revision. What
# each disagreement affects is said beside it.

# %%
nb.table(processed.disagreements(problems), caption="Checks that found a disagreement, and what each affects",
         folded=True)

# %% [markdown]
# ## Every raw row accounted for

# %%
nb.table(accounting.drop(columns="resource"), caption="Rows in = rows carried + rows set aside, per raw file", folded=True)

# %% [markdown]
# ## Figures that are not numbers
#
# A missing figure keeps the reason it is missing: a nil return is a zero, "not held" and "not revealed"
# are not.

# %%
observations = result.tables["observations"]
not_counts = observations[observations["status"] != "reported"][
    ["source_id", "force_id", "period_label", "unit", "value", "status", "status_detail"]]
nb.table(processed.readable(not_counts, processed.load_manifest(), Vocabularies.load().forces),
         caption="Published answers that are not a count", folded=True)
