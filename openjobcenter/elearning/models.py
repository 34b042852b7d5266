"""Models of elearning."""
