"""Pages of hardship relief: the officer workspace, one module per sub-domain, and the worker portal
(``portal``). ``urls`` and ``portal_urls`` name each view by its module.
"""
