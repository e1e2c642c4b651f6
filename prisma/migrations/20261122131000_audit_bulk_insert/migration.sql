-- Issue 14: creating items is audited once per statement, not once per row. A CSV import of 50,000 items
-- ran the row trigger audit_row() 50,000 times (to_jsonb, a key-by-key diff, one INSERT each): about two
-- thirds of the import. The statement trigger below writes the same audit rows — action CREATE, every
-- column that is set as [null, value], the same exclusions (secrets, id, company, timestamps) — with one
-- INSERT … SELECT over the statement's new rows. Updates and deletes keep the row trigger (one row each,
-- and their diff needs OLD).
CREATE FUNCTION "audit_rows_created"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "audit_events" ("company_id", "entity_type", "entity_id", "action", "actor_id", "request_id", "changes")
  SELECT n."company_id", TG_ARGV[0], n."id", 'CREATE',
         NULLIF(current_setting('app.user_id', true), '')::uuid,
         NULLIF(current_setting('app.request_id', true), ''),
         (SELECT coalesce(jsonb_object_agg(e.k, jsonb_build_array('null'::jsonb, e.v)), '{}'::jsonb)
            FROM jsonb_each(to_jsonb(n)) AS e(k, v)
           WHERE e.k !~ '(password|hash|token|secret)'
             AND e.k NOT IN ('id', 'company_id', 'created_at', 'updated_at', 'last_login_at')
             AND e.v <> 'null'::jsonb)
    FROM new_rows n;
  RETURN NULL;
END
$$;

DROP TRIGGER "items_audit" ON "items";
CREATE TRIGGER "items_audit" AFTER UPDATE OR DELETE ON "items" FOR EACH ROW EXECUTE FUNCTION "audit_row"('item');
CREATE TRIGGER "items_audit_created" AFTER INSERT ON "items"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "audit_rows_created"('item');
