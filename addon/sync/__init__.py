"""The engine, pure Python: replica, halves, planner, loop guard. No Flask, HTTP or SQL here."""
