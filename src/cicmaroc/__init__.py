"""cic: validate, follow and report on a CIC programme kept as YAML in git."""

from typing import Any


def __getattr__(name: str) -> Any:
    """`cicmaroc.__version__`, read from the installed package's metadata when first asked for.

    Lazily: importlib.metadata costs a noticeable part of a `cic validate` that never shows it.
    """
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("cicmaroc")
        except PackageNotFoundError:  # running from a source tree that was not installed
            found = "0.0.0+unknown"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'cicmaroc' has no attribute {name!r}")
