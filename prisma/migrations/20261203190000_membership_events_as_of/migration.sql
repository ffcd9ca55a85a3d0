-- When a customer entered or left a segment in *data time*: the as-of instant of the facts (or the
-- scored facts) the decision was made from; for manual lists, the wall time of the change. `at`
-- stays the wall-clock time of the refresh. On historical data (Online Retail ends in 2011) the
-- two differ by years, and "time to identify an at-risk customer" must be measured in data time.
-- Rows written before this column existed keep NULL (readers use coalesce(as_of, at)).
ALTER TABLE "segment_membership_events" ADD COLUMN "as_of" TIMESTAMPTZ(3);
