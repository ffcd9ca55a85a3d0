-- Tracked events that some flow reacts to (an event trigger, a wait for an event, a goal), written
-- in the same transaction as the event itself: the track call returns at its commit, and the
-- runtime's dispatcher enrolls, resumes and completes from these rows, deleting each in the
-- transaction that acted on it. A crash in between leaves the row, so nothing is lost.
CREATE TABLE "flow_event_outbox" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flow_event_outbox_pkey" PRIMARY KEY ("id")
);
