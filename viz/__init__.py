"""Interactive HTML network views (pyvis)."""
