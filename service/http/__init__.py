"""The HTTP layer: routes, schemas, errors, auth, limits, logs, metrics and gunicorn settings."""
