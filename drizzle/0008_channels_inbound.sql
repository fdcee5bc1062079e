ALTER TYPE "public"."inbound_status" ADD VALUE 'ignored';--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "kind" text DEFAULT 'message' NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "parsed" jsonb;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "match_reason" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tracking_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tracking_url" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "last_event_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_provider_message_idx" ON "deliveries" USING btree ("provider_message_id") WHERE "deliveries"."provider_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "inbound_events_received_idx" ON "inbound_events" USING btree ("received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inbound_events_status_received_idx" ON "inbound_events" USING btree ("status","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_customer_phone_suffix_idx" ON "orders" USING btree (right(regexp_replace("customer_phone", '[^0-9]', '', 'g'), 8));