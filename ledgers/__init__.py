"""Work ledgers (工作台账): the everyday work the source plans ask of a union, kept as typed entries
of declared kinds (docs/DOMAIN.md §9)."""
