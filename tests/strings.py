"""Hostile strings for the property tests and the API fuzzer: not text, and odd but text."""

from hypothesis import strategies as st

# What JSON can carry but no field may hold (index/safe_text.py): lone surrogates, NUL,
# other C0 controls, DEL, C1 controls.
NOT_TEXT = ["\ud800", "\udfff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\x0b"]
# Odd but real text, stored verbatim: RTL mark and override, a combining accent, a 4-byte
# emoji, Hebrew, a zero-width joiner.
ODD_TEXT = ["\u200f", "\u202e", "e\u0301", "\U0001f600", "\u05e9\u05dc\u05d5\u05dd", "a\u200db"]
# Hypothesis leaves surrogates out of text unless asked: ask, and mix in the named cases.
HOSTILE = st.lists(
    st.sampled_from(NOT_TEXT + ODD_TEXT) | st.characters(exclude_categories=()), max_size=12
).map("".join)
