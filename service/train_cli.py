"""`veracity train`: fine-tune the bi-encoder or a cross-encoder on the CheckThat! train splits."""

from __future__ import annotations

import json
from pathlib import Path

import click

from index.train import BATCH, EPOCHS, MAX_LENGTH, NEGATIVES


@click.command()
@click.option(
    "--checkthat",
    "root",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="The CheckThat! data directory (ct2020_task2_en/, ct2021_2022_task2b_en/).",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Model directory.")
@click.option("--kind", type=click.Choice(["bi", "cross"]), default="bi", show_default=True)
@click.option("--epochs", default=EPOCHS, show_default=True, type=click.IntRange(1, 20))
@click.option("--negatives", default=NEGATIVES, show_default=True, type=click.IntRange(1, 30))
@click.option("--batch-size", default=BATCH, show_default=True, type=click.IntRange(2, 256))
@click.option("--lr", default=3e-5, show_default=True, type=float)
@click.option("--max-length", default=MAX_LENGTH, show_default=True, type=click.IntRange(16, 512))
@click.option(
    "--train-layers",
    default=0,
    show_default=True,
    type=click.IntRange(0, 48),
    help="Tune only the top N transformer layers (0: all).",
)
def train(root, out, kind, epochs, negatives, batch_size, lr, max_length, train_layers):
    """Fine-tune the bi-encoder (or a cross-encoder) on the CheckThat! train splits.

    A `bi` model is a retrieval model: point VERACITY_MODEL at it and re-import (the collection
    is re-embedded with it). Either kind can re-rank the top candidates via VERACITY_RERANKER.
    """
    from index.train import train as fit
    from service.training import splits
    from service.training.groups import mine

    examples = []
    for split in (splits.ct2020(Path(root), "train"), splits.ct2022_2b(Path(root), "train")):
        examples += mine(split)
        click.echo(f"{split.name}: {len(split.queries)} labelled queries, negatives mined")
    meta = fit(
        examples,
        Path(out),
        kind=kind,
        epochs=epochs,
        negatives=negatives,
        batch_size=batch_size,
        lr=lr,
        max_length=max_length,
        train_layers=train_layers,
        log=click.echo,
    )
    click.echo(json.dumps(meta))
    where = Path(out).resolve()
    if kind == "bi":
        click.echo(f"set VERACITY_MODEL={where} (and re-import) to retrieve with it")
    click.echo(f"or VERACITY_RERANKER={where} to re-rank with it")
