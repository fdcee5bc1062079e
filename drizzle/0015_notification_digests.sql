CREATE TYPE "public"."delivery_kind" AS ENUM('message', 'digest');--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "store_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "message_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "kind" "delivery_kind" DEFAULT 'message' NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digest_delivery_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_digest_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_digest_delivery_id_deliveries_id_fk" FOREIGN KEY ("digest_delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_digest_due_idx" ON "notifications" USING btree ("created_at") WHERE "notifications"."read_at" IS NULL AND "notifications"."digest_delivery_id" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_digest_delivery_idx" ON "notifications" USING btree ("digest_delivery_id") WHERE "notifications"."digest_delivery_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_kind_shape" CHECK (("deliveries"."kind" = 'message' AND "deliveries"."message_id" IS NOT NULL AND "deliveries"."store_id" IS NOT NULL AND "deliveries"."user_id" IS NULL)
        OR ("deliveries"."kind" = 'digest' AND "deliveries"."user_id" IS NOT NULL AND "deliveries"."message_id" IS NULL AND "deliveries"."channel" = 'email'));