-- Features as typed float8 columns instead of one jsonb object: the facts write no longer builds
-- 1M JSON objects (half of its PostgreSQL time at 1M customers), rows are a third of the size, and
-- segment tests read a column instead of parsing JSON. Non-finite values, stored as the JSON strings
-- "NaN", "Infinity" and "-Infinity" until now, become the float8 values of the same name.
ALTER TABLE "customer_facts"
  ADD COLUMN "recency_days" DOUBLE PRECISION,
  ADD COLUMN "frequency" DOUBLE PRECISION,
  ADD COLUMN "monetary" DOUBLE PRECISION,
  ADD COLUMN "tenure_days" DOUBLE PRECISION,
  ADD COLUMN "average_order_value" DOUBLE PRECISION,
  ADD COLUMN "days_between_orders" DOUBLE PRECISION,
  ADD COLUMN "purchase_trend" DOUBLE PRECISION,
  ADD COLUMN "spend_last_window" DOUBLE PRECISION,
  ADD COLUMN "spend_previous_window" DOUBLE PRECISION,
  ADD COLUMN "category_breadth" DOUBLE PRECISION,
  ADD COLUMN "return_rate" DOUBLE PRECISION,
  ADD COLUMN "support_contacts" DOUBLE PRECISION,
  ADD COLUMN "satisfaction" DOUBLE PRECISION,
  ADD COLUMN "email_engagement" DOUBLE PRECISION;

UPDATE "customer_facts" SET
  "recency_days" = CASE jsonb_typeof("features" -> 'recencyDays') WHEN 'number' THEN ("features" -> 'recencyDays')::float8 WHEN 'string' THEN CASE "features" -> 'recencyDays' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "frequency" = CASE jsonb_typeof("features" -> 'frequency') WHEN 'number' THEN ("features" -> 'frequency')::float8 WHEN 'string' THEN CASE "features" -> 'frequency' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "monetary" = CASE jsonb_typeof("features" -> 'monetary') WHEN 'number' THEN ("features" -> 'monetary')::float8 WHEN 'string' THEN CASE "features" -> 'monetary' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "tenure_days" = CASE jsonb_typeof("features" -> 'tenureDays') WHEN 'number' THEN ("features" -> 'tenureDays')::float8 WHEN 'string' THEN CASE "features" -> 'tenureDays' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "average_order_value" = CASE jsonb_typeof("features" -> 'averageOrderValue') WHEN 'number' THEN ("features" -> 'averageOrderValue')::float8 WHEN 'string' THEN CASE "features" -> 'averageOrderValue' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "days_between_orders" = CASE jsonb_typeof("features" -> 'daysBetweenOrders') WHEN 'number' THEN ("features" -> 'daysBetweenOrders')::float8 WHEN 'string' THEN CASE "features" -> 'daysBetweenOrders' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "purchase_trend" = CASE jsonb_typeof("features" -> 'purchaseTrend') WHEN 'number' THEN ("features" -> 'purchaseTrend')::float8 WHEN 'string' THEN CASE "features" -> 'purchaseTrend' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "spend_last_window" = CASE jsonb_typeof("features" -> 'spendLastWindow') WHEN 'number' THEN ("features" -> 'spendLastWindow')::float8 WHEN 'string' THEN CASE "features" -> 'spendLastWindow' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "spend_previous_window" = CASE jsonb_typeof("features" -> 'spendPreviousWindow') WHEN 'number' THEN ("features" -> 'spendPreviousWindow')::float8 WHEN 'string' THEN CASE "features" -> 'spendPreviousWindow' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "category_breadth" = CASE jsonb_typeof("features" -> 'categoryBreadth') WHEN 'number' THEN ("features" -> 'categoryBreadth')::float8 WHEN 'string' THEN CASE "features" -> 'categoryBreadth' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "return_rate" = CASE jsonb_typeof("features" -> 'returnRate') WHEN 'number' THEN ("features" -> 'returnRate')::float8 WHEN 'string' THEN CASE "features" -> 'returnRate' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "support_contacts" = CASE jsonb_typeof("features" -> 'supportContacts') WHEN 'number' THEN ("features" -> 'supportContacts')::float8 WHEN 'string' THEN CASE "features" -> 'supportContacts' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "satisfaction" = CASE jsonb_typeof("features" -> 'satisfaction') WHEN 'number' THEN ("features" -> 'satisfaction')::float8 WHEN 'string' THEN CASE "features" -> 'satisfaction' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END,
  "email_engagement" = CASE jsonb_typeof("features" -> 'emailEngagement') WHEN 'number' THEN ("features" -> 'emailEngagement')::float8 WHEN 'string' THEN CASE "features" -> 'emailEngagement' #>> '{}' WHEN 'NaN' THEN 'NaN'::float8 WHEN 'Infinity' THEN 'Infinity'::float8 WHEN '-Infinity' THEN '-Infinity'::float8 END END;

ALTER TABLE "customer_facts" DROP COLUMN "features";
