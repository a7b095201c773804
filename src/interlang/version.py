"""The package version, on floor 0 so that any floor can record it without importing the root."""

__version__ = "0.1.0"
