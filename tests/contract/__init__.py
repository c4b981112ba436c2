"""Contract tests: every response any test receives is checked against the official spec."""
