ALTER TABLE "deliveries" ADD COLUMN "fallback_from" "channel";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "fallback_reason" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "captured_mail" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "provider_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_channel_provider_id_unique" ON "deliveries" USING btree ("channel","provider_message_id") WHERE "deliveries"."provider_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_message_idx" ON "deliveries" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "deliveries_created_idx" ON "deliveries" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_status_created_idx" ON "deliveries" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);