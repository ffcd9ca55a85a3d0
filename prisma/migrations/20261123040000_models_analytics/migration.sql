-- A clustering run is one full facts refresh: keep what a later per-customer update needs (the RFM
-- quintile boundaries), how many customers it covered, and how long each stage took.
ALTER TABLE "clustering_runs"
    ADD COLUMN "rfm_boundaries" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "customer_count" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "timings" JSONB NOT NULL DEFAULT '{}';

-- What a training run decided: the candidates' held-out AUC, the active model's AUC on the same
-- rows, whether a candidate was activated and why, and how many customers were scored.
ALTER TABLE "training_runs" ADD COLUMN "outcome" JSONB NOT NULL DEFAULT '{}';
