"""labourkg.queries."""

if __name__ != "labourkg.queries":  # pragma: no cover - the guard is the point
    raise ImportError(f"this folder is the package labourkg.queries; import it as labourkg.queries "
                      f"(install the project with `pip install -e .`), not as {__name__!r}")

