"""Models of folder."""
