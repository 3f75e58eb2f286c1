"""The Connect protocol: descriptor, lifecycle, JWT in and out, tenants."""
