"""The `veracity` command: serve, import, check, stats, check-index, train."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from index.dates import day
from service.config import DEFAULTS


def _setting(name: str) -> str:
    return os.environ.get(f"VERACITY_{name}", str(DEFAULTS[name]))


def _engine(**config):
    from service.app import create_app

    return create_app(config or None).extensions["veracity"]


def _all_cores() -> dict:
    # A one-off CLI job (import, build) may use every core; serving workers take one each.
    if "VERACITY_TORCH_THREADS" in os.environ:
        return {}
    return {"TORCH_THREADS": os.cpu_count() or 1}


def _export_if_missing() -> None:
    """Export the model to ONNX once, so serving needs neither torch nor the export's packages."""
    from index.onnx_embed import exported
    from service.engine import onnx_dir

    if _setting("EMBEDDER") == "torch":
        return
    config = {name: _setting(name) for name in ("MODEL", "DATA_DIR", "ONNX_DIR")}
    target = onnx_dir(config)
    if exported(target):
        return
    try:
        from index.onnx_embed import export

        click.echo(f"exporting {config['MODEL']} to ONNX in {target} (once) ...")
        export(config["MODEL"], target)
    except ImportError as exc:  # torch or onnx missing: serve with whatever load_embedder finds
        click.echo(f"no ONNX export ({exc}); serving with sentence-transformers", err=True)


@click.group()
@click.option("--data-dir", type=click.Path(file_okay=False), help="Overrides VERACITY_DATA_DIR.")
def main(data_dir):
    """Veracity: a self-hosted fact-check lookup."""
    if data_dir:
        os.environ["VERACITY_DATA_DIR"] = str(Path(data_dir).resolve())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def serve(host, port, workers):
    """Serve the API with gunicorn; an empty data directory first gets the bundled corpus."""
    _export_if_missing()
    engine = _engine(**_all_cores())
    engine.collection.save()  # workers then map a complete index instead of catching up
    click.echo(f"index ready: {engine.collection.store.count()} statements")
    # The gunicorn beside this interpreter (.venv/bin): the venv need not be on PATH.
    beside = Path(sys.executable).with_name("gunicorn")
    gunicorn = str(beside) if beside.exists() else shutil.which("gunicorn") or "gunicorn"
    args = [
        gunicorn,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--config",
        "python:service.http.gunicorn_conf",
        "service.app:create_app()",
    ]
    os.execv(gunicorn, args)


@main.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["jsonl", "claimreview", "checkthat", "liar", "outlets"]),
)
@click.option("--batch-size", default=256, show_default=True, type=int)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def import_(path, fmt, batch_size, quiet):
    """Import records from PATH; bad lines are reported with their line numbers."""
    from index.importing import import_file
    from index.records import RecordError

    engine = _engine(**_all_cores())
    try:
        summary = import_file(
            engine.collection, Path(path), fmt, batch_size=batch_size, progress=not quiet
        )
    except RecordError as exc:
        raise click.ClickException(f"{path}: {exc}") from exc
    for line, reason in summary.rejected[:100]:
        click.echo(f"{path}:{line}: rejected: {reason}", err=True)
    if len(summary.rejected) > 100:
        click.echo(f"... and {len(summary.rejected) - 100} more rejected lines", err=True)
    click.echo(
        f"added {summary.added}, duplicates {summary.duplicates}, rejected "
        f"{len(summary.rejected)}, outlets added {summary.outlets_added}, merged "
        f"{summary.outlets_merged}"
    )


@main.command()
@click.argument("text")
@click.option("--url", default=None, help="The page the claim is on.")
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--date", default=None, help="When the claim was made (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--before", default="", help="What was said just before the claim.")
@click.option("--after", default="", help="What was said just after the claim.")
@click.option("--json", "as_json", is_flag=True, help="Print the raw API response.")
def check(text, url, top_k, date, before, after, as_json):
    """Check TEXT and print the verdict with its evidence (the options as POST /v1/check)."""
    if date is not None and day(date) is None:
        raise click.BadParameter(
            f"{date!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param_hint="--date"
        )
    context = {"before": before, "after": after} if before or after else None
    result = _engine().check(text, url=url, top_k=top_k, date=date, context=context)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(format_result(result))


def format_result(result: dict) -> str:
    verdict = result["verdict"]
    lines = [
        f"{verdict['label'].upper()}  (confidence {verdict['confidence']:.2f}, "
        f"basis {verdict['basis']})",
        verdict["explanation"],
        "",
        "Evidence:",
    ]
    for n, item in enumerate(result["evidence"], 1):
        speaker = item.get("speaker") or {}
        who = ", ".join(filter(None, (speaker.get("name"), speaker.get("role")))) or "unattributed"
        lines.append(f' {n}. [{item["match"]}, {item["score"]:.2f}] "{item["text"]}"')
        lines.append(
            f"    {who}; {item.get('date') or 'undated'}"
            + (f"; {item['event']}" if item.get("event") else "")
        )
        outlets = [
            ((o.get("profile") or {}).get("name") or o["id"])
            + (f" (via {o['via']})" if o.get("via") else "")
            for o in item["outlets"]
        ]
        if outlets:
            lines.append(f"    reported by {', '.join(outlets)}")
        if item.get("rating"):
            rating = item["rating"]
            lines.append(
                f"    rated {rating['label']!r} by {rating.get('reviewer') or '?'}"
                f" -> {rating.get('scale_label') or 'not scored'}"
            )
    if result["context"]:
        lines += ["", "Context:"] + [f" - {note['message']}" for note in result["context"]]
    return "\n".join(lines)


@main.command()
def stats():
    """Print what the data directory holds."""
    click.echo(json.dumps(_engine().collection.stats(), indent=2))


@main.group()
def model():
    """The embedding model: export it to ONNX for serving."""


@model.command(name="export")
@click.option("--int8", is_flag=True, help="Also write the int8-quantized model.")
@click.option("--force", is_flag=True, help="Export again even when an export exists.")
def model_export(int8, force):
    """Export the configured model to ONNX (needs torch and onnx; serving then needs neither)."""
    from index.onnx_embed import export, exported
    from service.engine import onnx_dir

    config = {name: _setting(name) for name in ("MODEL", "DATA_DIR", "ONNX_DIR")}
    target = onnx_dir(config)
    if exported(target) and not force:
        click.echo(f"{target} already holds an export (--force to redo it)")
        return
    manifest = export(config["MODEL"], target, int8=int8)
    click.echo(f"exported {manifest['model']} ({manifest['dim']}-d) to {target}")


@main.command(name="build-index")
def build_index():
    """Merge live adds into the saved index; rebuild it when the collection changed size class.

    Serving workers notice the new manifest and swap the index in the background.
    """
    _export_if_missing()
    manifest = _engine(**_all_cores()).collection.save()
    click.echo(json.dumps({k: manifest[k] for k in ("count", "index_type", "params")}, indent=2))


@main.command(name="check-index")
@click.option("--repair", is_flag=True, help="Re-embed what is missing and rebuild the index.")
def check_index(repair):
    """Verify that the vector index and the record store agree (exit 1 when they do not)."""
    from index import integrity
    from service.config import DEFAULTS as defaults
    from service.engine import configured_embedder

    if _setting("VECTOR_BACKEND") == "milvus":
        # Milvus writes each vector in the same row as its record: they cannot disagree.
        click.echo("the milvus backend keeps vectors with their records: nothing to check")
        return
    data_dir = Path(_setting("DATA_DIR"))
    config = {name: _setting(name) for name in defaults}
    config["TORCH_THREADS"] = os.environ.get("VERACITY_TORCH_THREADS", os.cpu_count() or 1)
    embedder = configured_embedder(config)
    problems = integrity.verify(data_dir, embedder)
    for problem in problems:
        click.echo(f"problem: {problem}")
    if repair and problems:
        summary = integrity.repair(data_dir, embedder)
        click.echo(
            f"repaired: re-embedded {summary['reembedded']} statements, "
            f"indexed {summary['indexed']} vectors and {summary['bm25']} records for BM25"
        )
        problems = integrity.verify(data_dir, embedder)
        for problem in problems:
            click.echo(f"still: {problem}")
    if any(problem.serious for problem in problems):
        click.echo("the index and the store disagree: run `veracity check-index --repair`")
        sys.exit(1)
    click.echo(f"index and store agree ({data_dir})")


from service.report_cli import export, report  # noqa: E402  (own module, see its docstring)

main.add_command(report)
main.add_command(export)
from service.sync_cli import sources, sync  # noqa: E402  (own module: web sources and sync)

main.add_command(sources)
main.add_command(sync)
from service.train_cli import train  # noqa: E402  (own module: fine-tuning the models)

main.add_command(train)

if __name__ == "__main__":
    main()
