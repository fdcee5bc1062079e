ALTER TABLE "threads" ADD COLUMN "last_public_message_at" timestamp with time zone;--> statement-breakpoint
-- Backfill: the newest message that is not an internal note; threads holding only notes stay null.
UPDATE "threads" SET "last_public_message_at" = "public_messages"."last_at"
FROM (
  SELECT "thread_id", max("created_at") AS "last_at" FROM "messages" WHERE NOT "is_internal" GROUP BY "thread_id"
) AS "public_messages"
WHERE "public_messages"."thread_id" = "threads"."id";--> statement-breakpoint
CREATE INDEX "threads_last_public_message_idx" ON "threads" USING btree ("last_public_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "threads_store_last_public_message_idx" ON "threads" USING btree ("store_id","last_public_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);
