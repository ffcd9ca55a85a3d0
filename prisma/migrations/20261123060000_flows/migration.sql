-- Flows: a named journey and its numbered versions. A version is the flow JSON of libs/rules
-- (`definition`); a flow has at most one draft and any number of published versions, which never
-- change once published.
--
-- The runtime's enrollments will reference flow_versions.id, never flows.id: that is what keeps
-- customers already in a flow on the version they entered with when a new version is published.

CREATE TABLE "flows" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "current_version_id" INTEGER,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" INTEGER,
    "archived_at" TIMESTAMPTZ(3),
    CONSTRAINT "flows_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "flows_status_check" CHECK ("status" IN ('draft', 'active', 'paused', 'archived'))
);
-- Names are unique among the flows people still work with; an archived flow frees its name.
CREATE UNIQUE INDEX "flows_name_not_archived_key" ON "flows"("name") WHERE "status" <> 'archived';
CREATE INDEX "flows_status_idx" ON "flows"("status");

CREATE TABLE "flow_versions" (
    "id" SERIAL NOT NULL,
    "flow_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "definition" JSONB NOT NULL,
    -- SHA-256 of the canonical JSON of the definition: "publish what I reviewed" compares it.
    "checksum" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by_id" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    CONSTRAINT "flow_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "flow_versions_state_check" CHECK ("state" IN ('draft', 'published')),
    CONSTRAINT "flow_versions_published_at_check" CHECK (("state" = 'published') = ("published_at" IS NOT NULL)),
    CONSTRAINT "flow_versions_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "flow_versions_flow_id_version_key" ON "flow_versions"("flow_id", "version");
-- At most one draft per flow.
CREATE UNIQUE INDEX "flow_versions_one_draft_per_flow_key" ON "flow_versions"("flow_id") WHERE "state" = 'draft';

ALTER TABLE "flows" ADD CONSTRAINT "flows_current_version_id_fkey" FOREIGN KEY ("current_version_id") REFERENCES "flow_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "flows" ADD CONSTRAINT "flows_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "flows" ADD CONSTRAINT "flows_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A published version is immutable: enrollments run on it. The service refuses changes first;
-- this trigger makes sure no other path (a script, a bug) can change or delete one either.
-- (TRUNCATE, used by test resets, fires no row triggers.)
CREATE FUNCTION "flow_versions_keep_published"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."state" = 'published' THEN
        RAISE EXCEPTION 'flow version % is published and cannot be changed', OLD."id" USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "flow_versions_keep_published_trigger" BEFORE UPDATE OR DELETE ON "flow_versions"
    FOR EACH ROW EXECUTE FUNCTION "flow_versions_keep_published"();
