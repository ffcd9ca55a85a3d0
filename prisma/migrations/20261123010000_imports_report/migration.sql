-- Imports: keep the whole report of an import, not only its first counts.
-- updated: customers whose stored values changed; rejected: bad rows; problem_count: every problem
-- found (the problems column keeps only the first 1,000); summary: skip reasons, notes, options.

ALTER TABLE "import_jobs"
    ADD COLUMN "updated" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "rejected" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "problem_count" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "summary" JSONB NOT NULL DEFAULT '{}';

CREATE INDEX "import_jobs_started_at_idx" ON "import_jobs"("started_at");
