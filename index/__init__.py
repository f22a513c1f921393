"""Veracity's retrieval layer: records, embeddings, the vector index and the importers."""
