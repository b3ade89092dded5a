"""labourkg.queries."""
