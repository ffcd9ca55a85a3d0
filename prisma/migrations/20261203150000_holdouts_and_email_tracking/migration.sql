-- Holdouts and email tracking (issue 6, sections 1 and 3).
-- A customer in a flow's holdout is enrolled as `held-out`: finished at entry, never stepped, so
-- the lift report can count them next to the treated customers.
ALTER TABLE "enrollments" DROP CONSTRAINT "enrollments_status_check";
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_status_check" CHECK ("status" IN ('active', 'waiting', 'completed', 'exited', 'failed', 'held-out'));

-- Lift reads a flow's enrollments by entry time.
CREATE INDEX "enrollments_flow_id_entered_at_idx" ON "enrollments"("flow_id", "entered_at");

-- The first open of an email counts once: mail clients load the pixel again on every view.
CREATE UNIQUE INDEX "flow_outcomes_first_open_key" ON "flow_outcomes"("enrollment_id", "node_id") WHERE "kind" = 'email_opened';
