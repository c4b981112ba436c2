"""End-to-end tests: the installed ``patchwire`` command as real processes, driven over HTTP,
by the operator CLI and by the official TypeScript SDK."""
