ALTER TABLE "inbound_events" ADD COLUMN "process_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "inbound_events_stuck_received_idx" ON "inbound_events" USING btree ("received_at") WHERE "inbound_events"."status" = 'received';--> statement-breakpoint
CREATE INDEX "inbound_events_retry_idx" ON "inbound_events" USING btree ("retry_at") WHERE "inbound_events"."status" = 'failed' AND "inbound_events"."retry_at" IS NOT NULL;