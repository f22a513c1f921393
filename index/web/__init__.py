"""Knowledge from the web: polite fetching, feeds, article text and attributed statements."""
