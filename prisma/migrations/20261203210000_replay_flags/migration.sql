-- The replay flags customers week by week in data time (churn risk from its own model as of each
-- simulated week) into a segment of its own; the KPI "time to identify an at-risk customer" counts
-- those entries with the score band segments. Kept after the segment is archived (the entries stay).
ALTER TABLE "replays" ADD COLUMN "flag_segment_id" INTEGER;
ALTER TABLE "replays" ADD CONSTRAINT "replays_flag_segment_id_fkey" FOREIGN KEY ("flag_segment_id") REFERENCES "segments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
