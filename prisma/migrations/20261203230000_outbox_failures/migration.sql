-- A staged event that fails on its own (its batch failed, then it failed again alone) records why,
-- and after a few tries is parked: the dispatcher skips it, so it can no longer hold up the events
-- behind it. Clearing parked_at puts it back in line.
ALTER TABLE "flow_event_outbox" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "flow_event_outbox" ADD COLUMN "last_error" TEXT;
ALTER TABLE "flow_event_outbox" ADD COLUMN "parked_at" TIMESTAMPTZ(3);
