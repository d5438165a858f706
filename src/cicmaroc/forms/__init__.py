"""Collecting the figures as spreadsheets: `cic forms` sends a workbook per reporter, `cic import`
reads the filled workbooks back into data/monitoring/<year>.yaml.

`form.py` is the one layout both use (which cells, which rows); `workbook.py` writes a form
(openpyxl), `making.py` writes every reporter's; `opening.py` opens a returned workbook within
bounds (size, parts, cells) and `importing.py` reads its answers and merges them into the year's
file (`yearfile.py`). openpyxl loads only for these commands.
"""
