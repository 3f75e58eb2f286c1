"""Clients for external APIs. They know nothing of sync rules."""
