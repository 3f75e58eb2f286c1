"""Helpers shared by the test suites: running the real app as a process, databases."""
