"""Map every rater's truth labels onto Veracity's one 1-5 scale."""

import re

# value -> our label; the README's rating table is this table.
SCALE = {5: "true", 4: "mostly-true", 3: "mixed", 2: "mostly-false", 1: "false"}
LABELS = {label: value for value, label in SCALE.items()}

# Each rater's wording, normalized (lower case, spaces and underscores as hyphens).
_ALIASES = {
    5: ["true", "correct", "accurate", "correct-attribution", "verdadero"],
    4: ["mostly-true", "mostly-correct", "largely-true", "largely-accurate"],
    3: [
        "mixed",
        "mixture",
        "half-true",
        "half-truth",
        "partly-true",
        "partially-true",
        "partly-false",
        "partially-false",
        "misleading",
        "missing-context",
        "unproven",
        "needs-context",
        "lacks-context",
        "cherry-picks",
    ],
    2: ["mostly-false", "barely-true", "mostly-inaccurate", "largely-false"],
    1: [
        "false",
        "pants-fire",
        "pants-on-fire",
        "incorrect",
        "fake",
        "fabricated",
        "scam",
        "miscaptioned",
        "misattributed",
        "incorrect-attribution",
        "falso",
        "four-pinocchios",
        "legend",
        "hoax",
    ],
}
_VALUE_OF = {alias: value for value, aliases in _ALIASES.items() for alias in aliases}

# Ratings that are not about truth: kept as text, never scored.
NOT_TRUTH = {"full-flop", "half-flip", "no-flip", "outdated", "satire", "research-in-progress"}


def normalize_label(label: str) -> str:
    """Lower-case a rater's label and join its words with hyphens."""
    text = re.sub(r"[^a-z0-9]+", "-", label.strip().lower().replace("!", ""))
    return text.strip("-")


def rating_value(label: str | None) -> int | None:
    """Return the 1-5 value of a rater's label, or None when it is not a truth rating."""
    if not label:
        return None
    key = normalize_label(label)
    if key in NOT_TRUTH:
        return None
    return _VALUE_OF.get(key)


def scale_label(value: int | None) -> str | None:
    """Return our label for a 1-5 value."""
    return SCALE.get(value) if value is not None else None
