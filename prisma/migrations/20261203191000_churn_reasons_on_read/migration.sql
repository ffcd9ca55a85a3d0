-- Churn reasons in words are computed when they are read, not for every scored customer: at
-- 1,000,000 customers, wording and writing three reasons each took most of the 74 s of scoring,
-- for text hardly anyone reads. A score of the transactions population is stored with reasons
-- NULL ("not worded yet"); the model version keeps what the wording needs (typical values,
-- feature impacts, the as-of instant of the scored features), and the first read words the
-- customer's reasons from their features as of that instant and stores them.
ALTER TABLE "customer_scores" ALTER COLUMN "reasons" DROP NOT NULL;
ALTER TABLE "model_versions" ADD COLUMN "reasons_context" JSONB;
