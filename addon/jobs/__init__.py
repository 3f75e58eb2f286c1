"""The queue: Huey executes the work; the inbox table is the system of record."""
