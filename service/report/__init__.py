"""The written fact-check (/v1/report): built from a lookup, rendered as JSON, Markdown, HTML or
ClaimReview."""
