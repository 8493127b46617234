"""The package version, in one place (base layer: anything may import it)."""

__version__ = "0.1.0"
