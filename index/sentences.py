"""Split a paragraph into sentences: abbreviations, quotes and numbers do not end one."""

from __future__ import annotations

import functools

# pysbd (the Golden Rules sentence boundary rules, pure Python) knows "Mr.", "U.S.", "Jan.",
# "3.5" and "$1.2 million", and keeps a closing quote with the sentence it ends.


@functools.cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split(text: str) -> list[str]:
    """Return the sentences of `text` in order, stripped, blank ones dropped."""
    if not text or not text.strip():
        return []
    # Line breaks inside a selection are layout, not sentence ends; blank lines are paragraphs.
    blocks = [" ".join(block.split()) for block in text.replace("\r", "").split("\n\n")]
    sentences = []
    for block in blocks:
        if block:
            sentences.extend(s.strip() for s in _segmenter().segment(block))
    return [s for s in sentences if s]
