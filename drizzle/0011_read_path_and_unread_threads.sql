CREATE TABLE "unread_threads" (
	"user_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	CONSTRAINT "unread_threads_user_id_thread_id_pk" PRIMARY KEY("user_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "unread_watermarks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"scanned_through" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unread_threads" ADD CONSTRAINT "unread_threads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unread_threads" ADD CONSTRAINT "unread_threads_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unread_watermarks" ADD CONSTRAINT "unread_watermarks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "threads_order_idx" ON "threads" USING btree ("order_id");--> statement-breakpoint
-- A message older than a user's scanned_through (an import, a backdated test row, a send whose
-- transaction outlived the search's safety margin) moves it back, so search's unread=true scans
-- that message too. New messages are newer than every watermark: the UPDATE changes nothing, in
-- the same statement as the INSERT.
CREATE OR REPLACE FUNCTION orderline_lower_unread_watermarks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE unread_watermarks SET scanned_through = inserted.oldest
  FROM (SELECT min(created_at) AS oldest FROM new_messages) AS inserted
  WHERE unread_watermarks.scanned_through > inserted.oldest;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER messages_lower_unread_watermarks AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_messages
  FOR EACH STATEMENT EXECUTE FUNCTION orderline_lower_unread_watermarks();
