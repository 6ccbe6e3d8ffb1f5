"""Write the made-up broken CSV files of this corpus whose exact bytes matter (encodings, invisible
characters, odd digits), so they are reviewable here as text. Run from this folder:

    python make_cases.py

Every figure in them is invented; each file breaks the clean step in one way (see cases.csv).
"""

from pathlib import Path

HERE = Path(__file__).parent
CATEGORIES = "category_as_published,breaches\ninappropriate disclosure,7\n{row}\n"
TOTALS = "force_as_published,breaches,status,source_id\nWest Midlands Police,488,reported,press_computerweekly_2016\n{row}\n"

FILES = {
    # counts outside the one grammar (digits, commas between thousands only)
    "count_decimal_comma.csv": CATEGORIES.format(row="loss of technology,\"1,2\""),
    "count_misplaced_separator.csv": CATEGORIES.format(row="loss of technology,\"0,004\""),
    "count_plus_sign.csv": CATEGORIES.format(row="loss of technology,+7"),
    "count_with_decimals.csv": CATEGORIES.format(row="loss of technology, 5.00 "),
    "count_arabic_indic_digit.csv": CATEGORIES.format(row="loss of technology,\u0667"),
    "count_fullwidth_digit.csv": CATEGORIES.format(row="loss of technology,\uff17"),
    "count_beyond_int64.csv": CATEGORIES.format(row="loss of technology,99999999999999999999"),
    "count_leading_zero.csv": CATEGORIES.format(row="loss of technology,007"),
    "count_space_thousands.csv": CATEGORIES.format(row="loss of technology,1 234"),
    "count_nbsp_thousands.csv": CATEGORIES.format(row="loss of technology,1\u00a0234"),
    "count_exponent.csv": CATEGORIES.format(row="loss of technology,1e3"),
    "count_underscore.csv": CATEGORIES.format(row="loss of technology,1_000"),
    "count_hexadecimal.csv": CATEGORIES.format(row="loss of technology,0x10"),
    "count_zero_width_space.csv": CATEGORIES.format(row="loss of technology,7\u200b"),
    "count_vulgar_fraction.csv": CATEGORIES.format(row="loss of technology,\u00bd"),
    "count_words_after.csv": CATEGORIES.format(row="loss of technology,7 (approx)"),
    "count_negative_zero.csv": CATEGORIES.format(row="loss of technology,-0"),
    "count_above_the_cap.csv": CATEGORIES.format(row="loss of technology,\"1,000,000,000,000,000\""),
    "month_named_twice.csv": "Month,2010,2011,2012,2013,2014\nJan,2,0,2,6,0\nJanuary,5,1,1,0,0\n",
    "force_named_twice.csv": TOTALS.format(row="West Midlands,100,reported,press_computerweekly_2016"),
    "period_day_that_does_not_exist.csv": "Date,Description\n2011-02-30/2011-03-01,Memory stick lost\n",
    "period_year_zero.csv": "financial_year,answer_as_published\n0000/01,4\n",
    "rank_leading_zero.csv": ("force_as_published,rank_as_published,scope,source_id\n"
                              "West Midlands Police,007,all forces,press_computerweekly_2016\n"),
    "count_unclosed_quote.csv": "category_as_published,breaches\ninappropriate disclosure,\"7\nloss of technology,5\n",
    "grid_cell_decimal_comma.csv": "Rank,2010,2011,2012,2013,2014\nPC,\"1,5\",11,7,9,0\nTotal,15,11,7,9,0\n",
    "answer_with_sign.csv": "question,answer_as_published\n(a) police officers disciplined in 2013,+5\n",
    "rank_arabic_indic_digit.csv": ("force_as_published,rank_as_published,scope,source_id\n"
                                    "West Midlands Police,\u0663,all forces,press_computerweekly_2016\n"),
    "rank_ordinal.csv": ("force_as_published,rank_as_published,scope,source_id\n"
                         "West Midlands Police,1st,all forces,press_computerweekly_2016\n"),
    "percent_fullwidth_digits.csv": ("measure_as_published,count,percent_as_printed,source_id\n"
                                     "resignation or dismissal,297,\uff11\uff13%,press_inforrm_2016\n"),
    "percent_with_space.csv": ("measure_as_published,count,percent_as_printed,source_id\n"
                               "resignation or dismissal,297,13 %,press_inforrm_2016\n"),
    "period_arabic_indic_digits.csv": "financial_year,answer_as_published\n\u0662\u0660\u0661\u0667/18,4\n",
    "incident_period_fullwidth_year.csv": "Date,Description\nApril \uff12\uff10\uff11\uff11,Memory stick lost\n",
    # headers that do not match the manifest's schema
    "header_duplicate_column.csv": "category_as_published,breaches,breaches\ninappropriate disclosure,7,8\n",
    "header_blank_name.csv": "category_as_published,,breaches\ninappropriate disclosure,x,7\n",
    "header_columns_swapped.csv": "breaches,category_as_published\n7,inappropriate disclosure\n",
    "header_case_changed.csv": "Category_as_published,breaches\ninappropriate disclosure,7\n",
    "header_cyrillic_letter.csv": "c\u0430tegory_as_published,breaches\ninappropriate disclosure,7\n",
    "header_semicolons.csv": "category_as_published;breaches\ninappropriate disclosure;7\n",
    "header_tabs.csv": "category_as_published\tbreaches\ninappropriate disclosure\t7\n",
    # labels and names that only look right
    "force_cyrillic_letter.csv": TOTALS.format(row="Surr\u0435y Police,202,reported,press_computerweekly_2016"),
    "force_fullwidth_letter.csv": TOTALS.format(row="\uff33urrey Police,202,reported,press_computerweekly_2016"),
    "force_soft_hyphen.csv": TOTALS.format(row="Hum\u00adberside Police,168,reported,press_computerweekly_2016"),
    "status_cyrillic_letter.csv": TOTALS.format(
        row="Northumbria Police,,figures n\u043et revealed,press_cybersecurityreview_2016"),
    "category_zero_width_space.csv": CATEGORIES.format(row="loss of\u200b technology,5"),
    "category_greek_omicron.csv": CATEGORIES.format(row="l\u03bfss of technology,5"),
    "category_markup.csv": CATEGORIES.format(row="<img src=x onerror=alert(1)>,5"),
    "month_cyrillic_letter.csv": "Month,2010,2011,2012,2013,2014\nJanuary,2,0,2,6,0\nM\u0430rch,0,1,0,1,0\n",
    "duplicate_row_other_case.csv": CATEGORIES.format(row="Inappropriate  Disclosure,3"),
    "control_character.csv": CATEGORIES.format(row="loss of\x0ctechnology,5"),
}

ENCODED = {  # the same small table, saved in encodings the clean step must name
    "utf16_le_with_bom.csv": ("utf-16-le", b"\xff\xfe"),
    "utf16_be_with_bom.csv": ("utf-16-be", b"\xfe\xff"),
    "utf32_le_with_bom.csv": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "utf16_without_bom.csv": ("utf-16-le", b""),
}
TABLE = "category_as_published,breaches\ninappropriate disclosure,7\nloss of technology,5\n"

if __name__ == "__main__":
    for name, text in FILES.items():
        (HERE / name).write_bytes(text.encode("utf-8"))
    for name, (encoding, mark) in ENCODED.items():
        (HERE / name).write_bytes(mark + TABLE.encode(encoding))
    (HERE / "windows_1252_quote.csv").write_bytes(
        "category_as_published,breaches\ninappropriate disclosure,7\nofficer\u2019s laptop lost,1\n".encode("cp1252"))
