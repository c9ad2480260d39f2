"""Extract: structured documents → quantified statements."""

from plantrack.extract.statements import extract_statements

__all__ = ["extract_statements"]
