-- Replays (issue 6, section 6): a flow run over past data from a cutoff forward, with the
-- customers' real later purchases as the conversions. One row per replayed flow: it marks the flow
-- as a replay for the screens (GET /api/replays) and makes a second run reuse it.
CREATE TABLE "replays" (
    "id" SERIAL NOT NULL,
    "flow_id" INTEGER NOT NULL,
    -- the cutoff: facts and scores as of it, enrollments at it
    "from_date" TIMESTAMPTZ(3) NOT NULL,
    -- true when the replay created the flow (the demo's example journey), false for --flow
    "created_flow" BOOLEAN NOT NULL,
    -- the churn model trained for the replay (labels end at the cutoff, so nothing after it leaks)
    "model_version_id" INTEGER,
    -- running, completed
    "status" TEXT NOT NULL DEFAULT 'running',
    "note" TEXT NOT NULL,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "replays_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "replays_status_check" CHECK ("status" IN ('running', 'completed'))
);
ALTER TABLE "replays" ADD CONSTRAINT "replays_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flows"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "replays" ADD CONSTRAINT "replays_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "replays_flow_id_key" ON "replays"("flow_id");
