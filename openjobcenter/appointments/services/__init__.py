"""Every state change of appointments is one function here (see ARCHITECTURE.md)."""
