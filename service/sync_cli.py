"""`veracity sources add|list|remove` and `veracity sync`: the web sources an operator keeps."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from service.config import DEFAULTS


def _setting(name: str) -> str:
    return os.environ.get(f"VERACITY_{name}", str(DEFAULTS[name]))


def _sources():
    from index.collection import STORE_FILE
    from index.web.sources import Sources

    return Sources(Path(_setting("DATA_DIR")) / STORE_FILE)


def _options(pairs: tuple[str, ...]) -> dict:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r}: expected key=value", param_hint="--option")
        options[key.strip()] = value
    return options


@click.group()
def sources():
    """The web sources `veracity sync` reads: add, list, remove."""


@sources.command(name="add")
@click.argument("url")
@click.option(
    "--kind",
    required=True,
    type=click.Choice(["claimreview-feed", "factcheck-api", "factcheck-site", "news"]),
)
@click.option("--name", help="Defaults to the URL's host and path.")
@click.option("--every", default="6h", show_default=True, help="How often: 30m, 6h, 1d.")
@click.option("--outlet", help="Outlet id its statements are credited to (news).")
@click.option("--option", "option", multiple=True, help="key=value, e.g. query=climate.")
def sources_add(url, kind, name, every, outlet, option):
    """Add a source: a DataFeed, the claims:search API, a fact-checker's or a news feed."""
    from index.web.sources import Source, SourceError, default_name, parse_every

    store = _sources()
    try:
        source = Source(
            name=name or default_name(url),
            url=url,
            kind=kind,
            outlet=outlet,
            options=_options(option),
            every=parse_every(every),
        )
        store.add(source)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(f"added {source.name}: {kind} {url}, every {source.every} s")


@sources.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def sources_list(as_json):
    """List the sources, their schedule and their last run's outcome."""
    store = _sources()
    try:
        found = store.all()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([vars(s) for s in found], indent=2))
        return
    if not found:
        click.echo("no sources: add one with `veracity sources add URL --kind K`")
    for s in found:
        outcome = s.last_outcome or {}
        last = (
            f"last run {s.last_run}: new {outcome.get('new', 0)}, errors "
            f"{outcome.get('error_count', 0)}"
            if s.last_run
            else "never run"
        )
        click.echo(f"{s.name}\t{s.kind}\t{s.url}\tevery {s.every} s\t{last}")


@sources.command(name="remove")
@click.argument("name")
def sources_remove(name):
    """Remove a source (its records stay)."""
    store = _sources()
    try:
        removed = store.remove(name)
    finally:
        store.close()
    if not removed:
        raise click.ClickException(f"no source named {name!r}")
    click.echo(f"removed {name}")


@click.command()
@click.option("--source", "name", help="Run this source now, due or not.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="The reports as JSON.")
def sync(name, quiet, as_json):
    """Run every due source once: fetch politely, store new records, report each source."""
    from index.web.sources import SourceError
    from index.web.sync import SyncBusy, sync_lock
    from index.web.sync import sync as run_sync
    from service.cli import _all_cores, _engine

    engine = _engine(**_all_cores())
    collection = engine.collection
    try:
        with sync_lock(collection.data_dir):
            reports = run_sync(collection, engine.config, name=name, progress=not quiet)
    except (SyncBusy, SourceError) as exc:
        raise click.ClickException(str(exc)) from exc
    if any(r.new or r.updated for r in reports):
        collection.save()  # serving processes pick the saved index up
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        for report in reports:
            click.echo(report.line())
        if not reports:
            click.echo("no source is due")
