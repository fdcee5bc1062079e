ALTER TABLE "threads" ADD COLUMN "reopened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "reopen_reason" text;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_reopen_reason_known" CHECK ("threads"."reopen_reason" IS NULL OR "threads"."reopen_reason" IN ('staff', 'customer_message', 'first_public_message'));--> statement-breakpoint
-- Aborts the statement that evaluates it, and with it every write of that statement. The send is one
-- data-modifying statement (send-message-statement.ts); this is how it refuses a condition that is
-- only known after a write ran, e.g. an attachment another send linked while this one waited.
CREATE OR REPLACE FUNCTION orderline_refuse(code text, reason text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION '%', reason USING ERRCODE = code;
END;
$$;
