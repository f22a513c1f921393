"""`veracity report` (the written fact-check of a claim) and `veracity export` (ClaimReview)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from index.dates import day

# Where `veracity serve` answers by default: the address a CLI report's ClaimReview names.
DEFAULT_BASE = "http://127.0.0.1:8000"


def _engine():
    from service.app import create_app

    return create_app().extensions["veracity"]


@click.command()
@click.argument("text")
@click.option(
    "--format",
    "fmt",
    default="md",
    show_default=True,
    type=click.Choice(["md", "html", "jsonld", "json"]),
)
@click.option("--url", default=None, help="The page the claim is on.")
@click.option("--date", default=None, help="When the claim was made (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option(
    "--base-url",
    default=DEFAULT_BASE,
    show_default=True,
    help="Where the service answers: the report's address in its ClaimReview.",
)
def report(text, fmt, url, date, base_url):
    """Print the fact-check of TEXT as the seed writes it, from stored records only."""
    from service.report import claimreview, html, markdown
    from service.report.build import build

    if date is not None and day(date) is None:
        raise click.BadParameter(
            f"{date!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param_hint="--date"
        )
    if not text.strip():
        raise click.BadParameter("the claim is empty", param_hint="TEXT")
    engine = _engine()
    result = engine.check(text.strip(), url=url, top_k=10, date=date)
    made = build(result, engine.collection.store.outlet)
    if fmt == "json":
        click.echo(json.dumps(made, indent=2, ensure_ascii=False))
        return
    if fmt == "md":
        click.echo(markdown.render(made), nl=False)
        return
    address = claimreview.report_url(base_url, made["claim"], page=url, date=date)
    review = claimreview.report_review(made, url=address, page=url, date=date)
    if fmt == "jsonld":
        click.echo(json.dumps(review, indent=2, ensure_ascii=False))
    else:
        click.echo(html.render(made, review), nl=False)


@click.command()
@click.option(
    "--format", "fmt", default="claimreview", show_default=True, type=click.Choice(["claimreview"])
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.option(
    "--no-statements",
    is_flag=True,
    help="Only the rated fact-checks (no attributed statements as Claims).",
)
def export(fmt, output, no_statements):
    """Write the store as a schema.org DataFeed: fact-checks as ClaimReview, attributed
    statements as Claim (our ClaimReview importer reads it back)."""
    from service.report.claimreview import feed

    store = _engine().collection.store
    records = (record for _, record in store.iter_statements())
    document = feed(records, statements=not no_statements)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
        items = len(document["dataFeedElement"])
        click.echo(f"wrote {items} items to {output}", err=True)
    else:
        click.echo(text, nl=False)
