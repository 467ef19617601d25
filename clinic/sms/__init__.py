"""Sending texts: the gateway interface, its backends and message wording."""
