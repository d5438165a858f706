"""cic: validate, follow and report on the CIC Morocco programme kept as YAML in git."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cicmaroc")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
