"""Process and file helpers: atomic writes, fail points for the crash tests, child processes bound to their parent."""
