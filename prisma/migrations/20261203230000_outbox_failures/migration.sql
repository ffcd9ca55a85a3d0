-- A staged event that fails on its own (its batch failed, then it failed again alone) records why,
-- and after a few tries is parked: the dispatcher skips it, so it can no longer hold up the events
-- behind it. Clearing parked_at puts it back in line.
ALTER TABLE "flow_event_outbox" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "flow_event_outbox" ADD COLUMN "last_error" TEXT;
ALTER TABLE "flow_event_outbox" ADD COLUMN "parked_at" TIMESTAMPTZ(3);
-- After a failure the row waits before its next try (250 ms, doubling), so a fault that lasts a
-- moment does not use up its tries.
ALTER TABLE "flow_event_outbox" ADD COLUMN "retry_at" TIMESTAMPTZ(3);
