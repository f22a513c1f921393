"""The naive baseline: sentence-transformers' semantic_search over a flat matrix, Flask dev server.

What a user would write instead of Veracity, kept naive on purpose: torch in the request
path, exact search over every vector, no index, no cache. Run by bench/speed.py:
`python -m bench.naive DATA_DIR PORT` serves POST /v1/check {"text": ...} on 127.0.0.1:PORT
from the vectors and texts of a Veracity data directory's store.
"""

import sqlite3
import sys
from pathlib import Path

import numpy as np


def load(data_dir: Path):
    conn = sqlite3.connect(Path(data_dir) / "veracity.sqlite3")
    rows = conn.execute(
        "SELECT s.seq, json_extract(s.body, '$.text'), v.vector FROM statements s "
        "JOIN vectors v ON v.seq = s.seq ORDER BY s.seq"
    )
    seqs, texts, blobs = [], [], []
    for seq, text, blob in rows:
        seqs.append(seq)
        texts.append(text)
        blobs.append(blob)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(seqs), -1)
    return seqs, texts, matrix


def create_app(data_dir: Path):
    import torch
    from flask import Flask, jsonify, request
    from sentence_transformers import SentenceTransformer, util

    from index.models import resolve_model

    model = SentenceTransformer(resolve_model(None)[1], device="cpu")
    seqs, texts, matrix = load(data_dir)
    corpus = torch.from_numpy(matrix.copy())
    app = Flask(__name__)

    @app.post("/v1/check")
    def check():
        text = request.get_json()["text"]
        query = model.encode([text], convert_to_tensor=True, normalize_embeddings=True)
        hits = util.semantic_search(query, corpus, top_k=10)[0]
        return jsonify(
            [
                {"seq": seqs[h["corpus_id"]], "text": texts[h["corpus_id"]], "score": h["score"]}
                for h in hits
            ]
        )

    return app


if __name__ == "__main__":
    create_app(Path(sys.argv[1])).run(host="127.0.0.1", port=int(sys.argv[2]), threaded=True)
