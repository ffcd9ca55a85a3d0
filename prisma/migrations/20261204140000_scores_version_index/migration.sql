-- customer_scores: index the model version alone instead of (model version, score). Scores arrive
-- in customer order, so every insert landed at a random place in the score-ordered index: at 1M
-- customers that index cost ~2.5 s of the ~4 s a scoring's inserts take. No query reads scores in
-- score order: score bands are tested on the whole version's scores (a sequential scan, at a third
-- or more of the rows), and per-customer reads use the primary key.
DROP INDEX IF EXISTS "customer_scores_model_version_id_score_idx";
CREATE INDEX "customer_scores_model_version_id_idx" ON "customer_scores"("model_version_id");
