"""labourkg.loaders.extract."""
