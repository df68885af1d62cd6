"""Rules of this family, one per file named by code."""
