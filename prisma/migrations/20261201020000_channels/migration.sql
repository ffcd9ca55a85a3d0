-- Channels: what the flows did to customers (deliveries), the coupon codes they issued (offers),
-- and the saved email templates.
--
-- deliveries is the idempotency ledger of actions: one row per (enrollment, node), claimed by
-- inserting it BEFORE anything is sent (INSERT … ON CONFLICT DO NOTHING); only the request that
-- inserted the row performs the action, so a step retried after a crash never sends twice. A row
-- left in `sending` (the process died between the claim and recording the result) is never
-- resent: it becomes `unknown`. enrollment_id is a plain BIGINT: enrollments belong to the
-- runtime's migration, and deliveries must outlive nothing there.

CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "enrollment_id" BIGINT NOT NULL,
    "node_id" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "flow_id" INTEGER NOT NULL,
    "flow_version_id" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    -- Recipient, subject, message id, offer code, HTTP status, the reason of a skip or failure.
    "detail" JSONB NOT NULL DEFAULT '{}',
    -- The runtime clock's time of the step (frequency caps count in that clock).
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    -- Wall-clock time of the claim: a `sending` row older than the timeout becomes `unknown`.
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deliveries_channel_check" CHECK ("channel" IN ('email', 'offer', 'webhook')),
    CONSTRAINT "deliveries_status_check" CHECK ("status" IN ('sending', 'sent', 'failed', 'skipped', 'unknown'))
);
CREATE UNIQUE INDEX "deliveries_enrollment_id_node_id_key" ON "deliveries"("enrollment_id", "node_id");
-- Frequency caps: what this customer was sent on this channel lately.
CREATE INDEX "deliveries_customer_id_channel_created_at_idx" ON "deliveries"("customer_id", "channel", "created_at");
CREATE INDEX "deliveries_flow_id_created_at_idx" ON "deliveries"("flow_id", "created_at");
CREATE INDEX "deliveries_sending_idx" ON "deliveries"("claimed_at") WHERE "status" = 'sending';

CREATE TABLE "offers" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "enrollment_id" BIGINT NOT NULL,
    "node_id" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "flow_id" INTEGER NOT NULL,
    "flow_version_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "currency" TEXT,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "redeemed_at" TIMESTAMPTZ(3),
    -- api (POST /api/offers/redeem) or event (a tracked event carrying the code)
    "redemption_source" TEXT,
    "redemption_ref" TEXT,
    CONSTRAINT "offers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "offers_kind_check" CHECK ("kind" IN ('percent', 'fixed', 'points', 'free-shipping')),
    CONSTRAINT "offers_redemption_check" CHECK (("redeemed_at" IS NULL) = ("redemption_source" IS NULL))
);
CREATE UNIQUE INDEX "offers_code_key" ON "offers"("code");
-- One offer per (enrollment, node), like its delivery.
CREATE UNIQUE INDEX "offers_enrollment_id_node_id_key" ON "offers"("enrollment_id", "node_id");
CREATE INDEX "offers_customer_id_issued_at_idx" ON "offers"("customer_id", "issued_at");

CREATE TABLE "email_templates" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_templates_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "email_templates_name_key" ON "email_templates"("name");
ALTER TABLE "email_templates" ADD CONSTRAINT "email_templates_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "email_templates" ADD CONSTRAINT "email_templates_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
