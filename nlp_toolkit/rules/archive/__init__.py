"""Rules of this family, one per file named by code: checks of a batch against the archive (`--archive`)."""
