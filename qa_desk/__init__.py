"""QA Desk: product-complaint handling for a GMP quality-assurance office."""

__version__ = "0.1.0"
