"""Importers: each format's parser yields (line number, record or RecordError)."""

from index.importers import checkthat, claimreview, jsonl, liar, outlets

# name -> parse(path) -> Iterator[tuple[int, Statement | Outlet | RecordError]]
FORMATS = {
    "jsonl": jsonl.parse,
    "claimreview": claimreview.parse,
    "checkthat": checkthat.parse,
    "liar": liar.parse,
    "outlets": outlets.parse,
}
