"""Integration tests run against real parts: a real pcscd with vpcd, real ptys, real servers.

The PC/SC fixtures (`pcsc_daemon`, `pcsc_stack`) live in tests/pcsc_fixtures.py, a
plugin registered by tests/conftest.py, so UI tests can use them too; the helpers
that start pcscd and wait on it are in tests/integration/pcsc_stack.py.
"""
