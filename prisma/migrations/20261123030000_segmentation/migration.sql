-- Segmentation and churn models: training runs, model versions, scores, per-customer facts,
-- clustering runs, segments with materialized membership and the history of every entry and exit.

CREATE TABLE "training_runs" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "requested_by_id" INTEGER,
    "error" TEXT,
    "activated_model_id" INTEGER,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "training_runs_status_queued_at_idx" ON "training_runs"("status", "queued_at");

CREATE TABLE "model_versions" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'churn',
    "algorithm" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'candidate',
    "training_run_id" INTEGER,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "feature_names" TEXT[],
    "data_window" JSONB NOT NULL DEFAULT '{}',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "roc_points" JSONB NOT NULL DEFAULT '[]',
    "importances" JSONB NOT NULL DEFAULT '[]',
    "artifact" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),
    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "model_versions_kind_version_key" ON "model_versions"("kind", "version");
CREATE INDEX "model_versions_kind_status_idx" ON "model_versions"("kind", "status");

CREATE TABLE "customer_scores" (
    "customer_id" INTEGER NOT NULL,
    "model_version_id" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "scored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_scores_pkey" PRIMARY KEY ("customer_id", "model_version_id")
);
CREATE INDEX "customer_scores_model_version_id_score_idx" ON "customer_scores"("model_version_id", "score");

CREATE TABLE "customer_facts" (
    "customer_id" INTEGER NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "features" JSONB NOT NULL DEFAULT '{}',
    "recency_score" SMALLINT,
    "frequency_score" SMALLINT,
    "monetary_score" SMALLINT,
    "rfm_segment" TEXT,
    "clustering_run_id" INTEGER,
    "cluster" INTEGER,
    "cluster_label" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_facts_pkey" PRIMARY KEY ("customer_id")
);
CREATE INDEX "customer_facts_rfm_segment_idx" ON "customer_facts"("rfm_segment");
CREATE INDEX "customer_facts_cluster_idx" ON "customer_facts"("cluster");

CREATE TABLE "clustering_runs" (
    "id" SERIAL NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "feature_names" TEXT[],
    "k" INTEGER NOT NULL,
    "silhouette_by_k" JSONB NOT NULL DEFAULT '[]',
    "profiles" JSONB NOT NULL DEFAULT '[]',
    "outliers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clustering_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segments" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" TEXT NOT NULL,
    "definition" JSONB NOT NULL DEFAULT '{}',
    "size" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_refreshed_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "segments_name_key" ON "segments"("name");

CREATE TABLE "segment_memberships" (
    "segment_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_memberships_pkey" PRIMARY KEY ("segment_id", "customer_id")
);
CREATE INDEX "segment_memberships_customer_id_idx" ON "segment_memberships"("customer_id");

CREATE TABLE "segment_membership_events" (
    "id" BIGSERIAL NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "model_version_id" INTEGER,
    "score" DOUBLE PRECISION,
    CONSTRAINT "segment_membership_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "segment_membership_events_segment_id_at_idx" ON "segment_membership_events"("segment_id", "at");
CREATE INDEX "segment_membership_events_customer_id_at_idx" ON "segment_membership_events"("customer_id", "at");

ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_training_run_id_fkey" FOREIGN KEY ("training_run_id") REFERENCES "training_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_facts" ADD CONSTRAINT "customer_facts_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_membership_events" ADD CONSTRAINT "segment_membership_events_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_membership_events" ADD CONSTRAINT "segment_membership_events_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
