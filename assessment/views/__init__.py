"""Pages of the model-home assessment: the officer workspace, one module per sub-domain, and the
members' evaluation of the home in the portal. ``urls`` and ``portal_urls`` name each view by its module.
"""
