"""Canonical model, identity, and the store backends."""
