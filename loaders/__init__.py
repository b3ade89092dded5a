"""labourkg.loaders."""
