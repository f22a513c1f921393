"""Veracity's HTTP service: the lookup API, verdict scoring and source context."""
