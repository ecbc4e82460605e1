"""Stories, votes and comments; for now the three placeholder listings."""
