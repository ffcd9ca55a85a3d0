-- A step job claims the due enrollments of one flow version in due order (StepRunner.runBatch:
-- WHERE flow_version_id = $2 AND status IN ('active','waiting') AND next_due_at <= $1 ORDER BY
-- next_due_at LIMIT n FOR UPDATE SKIP LOCKED). With only enrollments_due_idx (next_due_at) the
-- planner, misled by statistics taken before a bulk enrolment, read every due row of the table for
-- each batch and sorted them: 0.85 s a claim at 570,000 due rows, so a million enrolments took
-- quadratic time. This index answers the claim with a range scan that stops after n rows (1.6 ms).
CREATE INDEX "enrollments_version_due_idx" ON "enrollments"("flow_version_id", "next_due_at") WHERE "status" IN ('active', 'waiting');
