"""Models of learning."""
