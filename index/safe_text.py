"""Characters no stored or searched text may hold: lone surrogates, NUL and other controls."""

import re

# Tab, line feed and carriage return are allowed: multi-line text (a transcript, a pasted
# paragraph) holds them, and every text field collapses white space before use. Every other
# C0 control, DEL and the C1 controls are refused, and so are lone surrogates: "\ud800" is
# valid JSON but not text (UTF-8 cannot encode it, so SQLite and the tokenizer fail on it).
# RTL marks, combining characters and emoji are text, and pass.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def unsafe_char(value: str) -> str | None:
    """Say which character makes `value` unfit to store ("NUL (U+0000) at position 3"), or None."""
    match = UNSAFE.search(value)
    if match is None:
        return None
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        kind = "a lone surrogate"
    elif char == "\x00":
        kind = "NUL"
    else:
        kind = "a control character"
    return f"{kind} (U+{ord(char):04X}) at position {match.start()}"
