"""Extract: structured documents → quantified statements."""
