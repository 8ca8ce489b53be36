"""Linking parameters (measured in tests/linking and bench/bench_linking.py)."""

NUM_PERM = 64
ROWS = 2
BANDS = NUM_PERM // ROWS  # 32 bands of 2: a pair with Jaccard 0.3 is a candidate with p = 0.95
BUCKET_CAP = 50  # members read per (band, bucket): bounds the cost of a hot bucket
MAX_VERIFY = 200  # candidates verified per claim, most band hits first
MAX_LINKS = 20  # links kept per new claim, best first: editors cannot use more
AUTO_THRESHOLD = 0.6
SUGGEST_THRESHOLD = 0.3
GENERIC_WEIGHT = 0.35
METHOD = "minhash-lsh/wjaccard-v1"
BATCH = 500
# Sentence embeddings (integrations' index of every claim, read through claims.signals.semantic_candidates):
# a pair the lexical score did not link becomes a *suggested* link at cosine >= this, never auto, and
# none when scoring.contradicts (MiniLM scores antonyms high: "send troops" / "withdraw troops" 0.86).
# bench/bench_linking_semantic.py.
SEMANTIC_SUGGEST_THRESHOLD = 0.8
SEMANTIC_METHOD = "minilm-lsh/cosine-v1"
