-- Every app process caches callers (auth/actor-cache.ts, api-tokens.ts) and LISTENs here, so a user
-- disabled or changed, or a token revoked, by any connection (another instance, `npm run
-- user:disable`, psql) is dropped from every cache at commit. Payload: `user:<id>` or `token:<id>`.
-- Only what an actor is made of: last_digest_at and last_used_at change all the time and must not
-- empty the caches.
CREATE OR REPLACE FUNCTION orderline_notify_actor_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('orderline_actor_changes', TG_ARGV[0] || ':' || OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_actor_changed AFTER UPDATE OF id, email, name, role, store_id, supplier_id, disabled_at ON users
  FOR EACH ROW
  WHEN ((OLD.id, OLD.email, OLD.name, OLD.role, OLD.store_id, OLD.supplier_id, OLD.disabled_at)
    IS DISTINCT FROM (NEW.id, NEW.email, NEW.name, NEW.role, NEW.store_id, NEW.supplier_id, NEW.disabled_at))
  EXECUTE FUNCTION orderline_notify_actor_change('user');
--> statement-breakpoint
CREATE TRIGGER users_actor_deleted AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION orderline_notify_actor_change('user');
--> statement-breakpoint
CREATE TRIGGER api_tokens_revoked AFTER UPDATE OF id, user_id, token_hash, revoked_at ON api_tokens
  FOR EACH ROW
  WHEN ((OLD.id, OLD.user_id, OLD.token_hash, OLD.revoked_at) IS DISTINCT FROM (NEW.id, NEW.user_id, NEW.token_hash, NEW.revoked_at))
  EXECUTE FUNCTION orderline_notify_actor_change('token');
--> statement-breakpoint
CREATE TRIGGER api_tokens_deleted AFTER DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION orderline_notify_actor_change('token');
