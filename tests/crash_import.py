"""Run a real import for the crash tests; print `committed N` after each committed batch.

    python -m tests.crash_import DATA_DIR FILE FORMAT [--real] [--batch-size 50]

N counts the file's statements handled so far (added or already stored): the importer
reports a batch only after its transaction commits, so those N must survive a SIGKILL.
The fake embedder keeps `make test` fast; --real uses the service's model.
"""

import argparse
import sys
from pathlib import Path

from index.importing import import_file
from index.integrity import open_collection


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("path", type=Path)
    parser.add_argument("fmt")
    parser.add_argument("--real", action="store_true")
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()
    if args.real:
        from index.embed import load_embedder

        embedder = load_embedder()
    else:
        from tests.conftest import FakeEmbedder

        embedder = FakeEmbedder()
    collection = open_collection(args.data_dir, embedder)
    print("ready", flush=True)

    def committed(summary) -> None:
        print(f"committed {summary.added + summary.duplicates}", flush=True)

    summary = import_file(
        collection, args.path, args.fmt, batch_size=args.batch_size, on_commit=committed
    )
    print(f"done {summary.added} {summary.duplicates} {len(summary.rejected)}", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
