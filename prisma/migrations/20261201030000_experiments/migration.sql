-- Experiments: the decision to promote an A/B arm (the runtime sends new entrants of that split to
-- the winner), and the indexes the experiment and KPI queries need.

CREATE TABLE "experiment_decisions" (
    "id" SERIAL NOT NULL,
    "flow_id" INTEGER NOT NULL,
    "node_id" TEXT NOT NULL,
    "experiment_key" TEXT NOT NULL,
    -- the promoted arm: new entrants of this split all go there (effectiveVariants in @retain/experiments)
    "variant_id" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by_id" INTEGER,
    -- the result the decision was taken on: counts, P(beat control), the minimum sample
    "evidence" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "experiment_decisions_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "experiment_decisions" ADD CONSTRAINT "experiment_decisions_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flows"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- one decision per split: promoting is final for that experiment key
CREATE UNIQUE INDEX "experiment_decisions_flow_id_node_id_experiment_key_key" ON "experiment_decisions"("flow_id", "node_id", "experiment_key");

-- Exposures of a split are `entered` outcomes carrying an arm; attribution looks up a customer's
-- latest exposure before each conversion.
CREATE INDEX "flow_outcomes_exposures_idx" ON "flow_outcomes"("customer_id", "occurred_at") WHERE "kind" = 'entered' AND "variant_id" IS NOT NULL;
