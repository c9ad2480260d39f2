"""Normalise: map names found in text to canonical regions, indicators and units."""
