"""Scheduled work: the APScheduler worker and the plain job functions it runs."""
