CREATE TABLE "unread_watermarks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"unread_from" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unread_watermarks" ADD CONSTRAINT "unread_watermarks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "threads_order_idx" ON "threads" USING btree ("order_id");--> statement-breakpoint
-- A message older than a user's unread watermark (an import, a backdated test row, a send whose
-- transaction outlived the search's safety margin) moves that watermark back, so search's
-- unread=true can never skip it. New messages are newer than every watermark: the UPDATE finds
-- nothing to change, in the same statement as the INSERT.
CREATE OR REPLACE FUNCTION orderline_lower_unread_watermarks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE unread_watermarks SET unread_from = inserted.oldest
  FROM (SELECT min(created_at) AS oldest FROM new_messages) AS inserted
  WHERE unread_watermarks.unread_from > inserted.oldest;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER messages_lower_unread_watermarks AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_messages
  FOR EACH STATEMENT EXECUTE FUNCTION orderline_lower_unread_watermarks();
