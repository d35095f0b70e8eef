"""Officer workspace and portal pages, one module per sub-domain (thin: parse, call, render)."""
