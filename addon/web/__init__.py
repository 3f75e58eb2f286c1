"""HTTP ingress, kept thin: it authenticates, records and enqueues."""
