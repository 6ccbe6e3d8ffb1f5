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
# published shape, and turned into tidy tables in `data/processed/`. Every raw row is either carried into a
# table or set aside with a reason; checks the sources make possible are listed, and disagreements are
# reported, not fixed.

# %%
from police_breaches import nb
from police_breaches.clean import clean_all, write_clean
from police_breaches.paths import PROCESSED

result = clean_all(".")
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
# These are kept as published. West Midlands Police's answer 4658_14 counts its cases three ways; the
# table by type of incident gives different totals for 2013 and 2014 from the tables by month and by rank.
# Later Home Office releases revise some earlier workforce figures.

# %%
nb.table(problems[["check", "expected", "found", "message"]], caption="Checks that found a disagreement")

# %% [markdown]
# ## Every raw row accounted for

# %%
nb.table(accounting, caption="Rows in = rows carried + rows set aside, per raw file")

# %% [markdown]
# ## Figures that are not numbers
#
# A missing figure keeps the reason it is missing: a nil return is a zero, "not held" and "not revealed"
# are not.

# %%
observations = result.tables["observations"]
nb.table(
    observations[observations["status"] != "reported"][
        ["source_id", "force_id", "period_label", "unit", "value", "status", "status_detail"]
    ],
    caption="Published answers that are not a count",
)
