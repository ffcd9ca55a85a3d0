-- Runtime: where each customer is in each journey (enrollments) and what happened on the way
-- (flow_outcomes). PostgreSQL is the truth: the job queue only carries "advance these rows"; a
-- reconciler re-enqueues whatever is due, so a lost queue loses nothing.

CREATE TABLE "enrollments" (
    "id" BIGSERIAL NOT NULL,
    "flow_id" INTEGER NOT NULL,
    -- customers stay on the version they entered with
    "flow_version_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    -- active: to be stepped at next_due_at; waiting: at a wait or goal until an event or next_due_at;
    -- completed (goal reached or missed), exited, failed: finished
    "status" TEXT NOT NULL DEFAULT 'active',
    "current_node_id" TEXT NOT NULL,
    -- when it must be stepped next (a wait's end, an event's timeout, a goal's deadline, a deferred
    -- action); NULL when finished
    "next_due_at" TIMESTAMPTZ(3),
    -- the event a wait-until-event node waits for (resumeWaitingForEvent looks it up)
    "wait_event_name" TEXT,
    -- the wait in progress: {"kind":"duration","until","then"} or {"kind":"event","eventName","timeoutAt","onEvent","onTimeout"}
    "wait" JSONB,
    -- at a goal: {"eventName","deadline"} (and "reachedAt" once reached)
    "goal" JSONB,
    -- experimentKey -> variantId of every A/B split taken
    "variants" JSONB NOT NULL DEFAULT '{}',
    -- node ids reached, in order
    "path" JSONB NOT NULL DEFAULT '[]',
    -- what enrolled the customer: segment-entered, event, schedule, manual
    "source" TEXT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- failed attempts at the current step (an action that threw); reset when the step succeeds
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    CONSTRAINT "enrollments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "enrollments_status_check" CHECK ("status" IN ('active', 'waiting', 'completed', 'exited', 'failed')),
    CONSTRAINT "enrollments_source_check" CHECK ("source" IN ('segment-entered', 'event', 'schedule', 'manual')),
    CONSTRAINT "enrollments_finished_check" CHECK (("status" IN ('active', 'waiting')) = ("finished_at" IS NULL))
);

ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_flow_version_id_fkey" FOREIGN KEY ("flow_version_id") REFERENCES "flow_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- what the workers and the reconciler claim: unfinished rows by due time
CREATE INDEX "enrollments_due_idx" ON "enrollments"("next_due_at") WHERE "status" IN ('active', 'waiting');
-- a customer's journeys; events resuming waits and reaching goals
CREATE INDEX "enrollments_customer_id_status_idx" ON "enrollments"("customer_id", "status");
-- re-entry checks
CREATE INDEX "enrollments_flow_id_customer_id_idx" ON "enrollments"("flow_id", "customer_id");
-- at most one unfinished enrollment per customer and flow
CREATE UNIQUE INDEX "enrollments_one_unfinished_key" ON "enrollments"("flow_id", "customer_id") WHERE "status" IN ('active', 'waiting');
-- live counts: who is where now
CREATE INDEX "enrollments_live_idx" ON "enrollments"("flow_id", "current_node_id", "status") WHERE "status" IN ('active', 'waiting');

CREATE TABLE "flow_outcomes" (
    "id" BIGSERIAL NOT NULL,
    "enrollment_id" BIGINT NOT NULL,
    "flow_id" INTEGER NOT NULL,
    "flow_version_id" INTEGER NOT NULL,
    "node_id" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    -- entered (reached the node), sent, duplicate, skipped, deferred, failed, waiting, resumed,
    -- timed-out, goal-reached, goal-missed, completed, exited; channels may add opened, clicked,
    -- converted, redeemed
    "kind" TEXT NOT NULL,
    -- the A/B arm the enrollment took (latest split before this outcome)
    "variant_id" TEXT,
    "experiment_key" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "detail" JSONB,
    CONSTRAINT "flow_outcomes_pkey" PRIMARY KEY ("id")
);
-- No foreign keys: outcomes are an append-only log that outlives deleted customers (the feedback
-- loop counts them); enrollment rows cascade away with their customer.
CREATE INDEX "flow_outcomes_flow_id_node_id_kind_idx" ON "flow_outcomes"("flow_id", "node_id", "kind");
CREATE INDEX "flow_outcomes_enrollment_id_idx" ON "flow_outcomes"("enrollment_id");
CREATE INDEX "flow_outcomes_customer_id_occurred_at_idx" ON "flow_outcomes"("customer_id", "occurred_at");
