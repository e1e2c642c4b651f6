-- Row-level security: the wall behind the door (docs/architecture.md, "Tenant isolation").
--
-- Every tenant table shows and accepts only the rows of the company in the transaction-local setting
-- app.company_id, which the API's pool sends with each statement (src/database/tenant-pool.ts).
-- Missing or empty setting: no rows, no writes. FORCE applies it to the table owner too, so it holds
-- when DATABASE_URL is the role that owns the schema (only superusers and BYPASSRLS roles escape it;
-- the API warns at start-up when it runs as one).
--
-- Two narrow, SELECT-only exceptions serve the look-ups made before a company is known:
--   users_login_lookup     the user row whose e-mail is in app.login_email (login);
--   refresh_tokens_lookup  the token row whose hash is in app.refresh_token_hash (refresh).
-- Everything after those look-ups runs as the company found. companies has no policy: registration
-- creates the company, then acts as it; the nightly jobs list companies and run once per company.
-- A new tenant table must get the same two statements and policy (test/e2e/row-level-security.e2e-spec.ts
-- fails for a table with a company_id column and no policy).

-- refresh_tokens gets its company (from its user), like every tenant table.
ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_user_id_fkey";
ALTER TABLE "refresh_tokens" ADD COLUMN "company_id" UUID;
UPDATE "refresh_tokens" t SET "company_id" = u."company_id" FROM "users" u WHERE u."id" = t."user_id";
ALTER TABLE "refresh_tokens" ALTER COLUMN "company_id" SET NOT NULL;
CREATE INDEX "refresh_tokens_company_id_idx" ON "refresh_tokens"("company_id");
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_company_id_user_id_fkey" FOREIGN KEY ("company_id", "user_id") REFERENCES "users"("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The policy compares with a sub-select so the setting is read once per statement (an InitPlan),
-- not once per row, and the comparison can use the company_id indexes.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "users"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));
CREATE POLICY "users_login_lookup" ON "users" FOR SELECT
  USING ("email" = (SELECT NULLIF(current_setting('app.login_email', true), '')));

ALTER TABLE "refresh_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "refresh_tokens" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "refresh_tokens"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));
CREATE POLICY "refresh_tokens_lookup" ON "refresh_tokens" FOR SELECT
  USING ("token" = (SELECT NULLIF(current_setting('app.refresh_token_hash', true), '')));

ALTER TABLE "warehouses" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "warehouses" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "warehouses"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "items" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "items"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "inventory" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "inventory" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "inventory"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "transactions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "transactions" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "transactions"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "idempotency_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "idempotency_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "idempotency_keys"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));
