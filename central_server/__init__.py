"""The central catalog server: HTTP API on PostgreSQL that every desk syncs with."""
