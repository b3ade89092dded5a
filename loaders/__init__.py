"""labourkg.loaders."""

if __name__ != "labourkg.loaders":  # pragma: no cover - the guard is the point
    raise ImportError(f"this folder is the package labourkg.loaders; import it as labourkg.loaders "
                      f"(install the project with `pip install -e .`), not as {__name__!r}")

