-- Unread sets gain the span of their unread messages (schema.ts, unreadThreads). Sets built
-- without it are forgotten rather than guessed: each user's set is rebuilt by their next unread
-- reads, in bounded steps (refresh-unread-threads.ts).
DELETE FROM "unread_threads";--> statement-breakpoint
DELETE FROM "unread_watermarks";--> statement-breakpoint
ALTER TABLE "unread_threads" ADD COLUMN "unread_from" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "unread_threads" ADD COLUMN "unread_through" timestamp with time zone NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_channel_created_idx" ON "messages" USING btree ("channel","created_at" DESC NULLS LAST,"id" DESC NULLS LAST,"thread_id");--> statement-breakpoint
CREATE INDEX "messages_sender_role_created_idx" ON "messages" USING btree ("sender_role","created_at" DESC NULLS LAST,"id" DESC NULLS LAST,"thread_id");--> statement-breakpoint
CREATE INDEX "messages_store_created_idx" ON "messages" USING btree ("store_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST,"thread_id");--> statement-breakpoint
CREATE INDEX "messages_thread_conversation_idx" ON "messages" USING btree ("thread_id","created_at","id") WHERE "messages"."sender_role" <> 'system' AND NOT "messages"."is_internal";