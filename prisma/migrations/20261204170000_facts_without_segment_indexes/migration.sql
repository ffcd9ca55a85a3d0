-- customer_facts: drop the indexes on rfm_segment and cluster. No query reads through them: a full
-- segment refresh tests RFM and cluster segments in one pass over every customer's facts
-- (segments/segment-sql.ts), and the RFM grid and cluster profiles aggregate every row. Each full
-- facts write of 1,000,000 customers spent about 2 s of PostgreSQL time keeping them, and they
-- made every update of a customer's RFM cell or cluster a non-HOT update.
DROP INDEX IF EXISTS "customer_facts_rfm_segment_idx";
DROP INDEX IF EXISTS "customer_facts_cluster_idx";
