-- Issues 11, 14, 15: no SQL-language function that PostgreSQL cannot inline on a movement's path.
--
-- A LANGUAGE sql function is inlined into the calling query only when its body is a plain expression
-- (no sub-SELECT, no aggregate, nothing less immutable than the function claims). Otherwise every
-- execution of the caller parses, analyses and plans the body again (functions.c keeps no plan between
-- executions in PostgreSQL 15), and under row-level security planning also expands the policies.
-- webhook_wanted (an EXISTS sub-SELECT) runs in the ledger's trigger on every movement, with or without
-- endpoints; jsonb_camel_keys (an aggregate) builds every event's payload. Profiled with perf while
-- pgbench ran the API's OUTBOUND statement: fmgr_sql — parse, analyse, plan — was 10–12 % of the
-- PostgreSQL backends' CPU, more as the RLS-bound role than as the superuser (the policies planned again on
-- each call). PL/pgSQL prepares each statement once per connection and keeps its plan, so the same bodies
-- in PL/pgSQL cost an executor run only. test/e2e/function-plans.e2e-spec.ts fails when a movement calls
-- a SQL-language function that is not inlined.

CREATE OR REPLACE FUNCTION "webhook_wanted"(company uuid, event_type text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM "webhook_endpoints" e
                  WHERE e."company_id" = company AND e."is_active" AND event_type = ANY (e."events"));
END
$$;

CREATE OR REPLACE FUNCTION "jsonb_camel_keys"(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (SELECT coalesce(jsonb_object_agg(lower(left(k, 1)) || substr(replace(initcap(k), '_', ''), 2), v), '{}'::jsonb)
            FROM jsonb_each(j) AS e(k, v));
END
$$;
