"""Documents the system generates: PDF (``pdf``: WeasyPrint) and .xlsx (``sheets``: XlsxWriter).

Every PDF and spreadsheet of the apps is made through these two modules, so that each has the
same fonts, the same formula escaping (``sheets.escape_cell``) and a system-made download name
(``pdf_response`` / ``xlsx_response``, through ``unionhome.downloads``).
"""
