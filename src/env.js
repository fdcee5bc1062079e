import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const optionalUrl = z.string().url().optional();
const optionalBoolean = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1")
  .optional();
/** @param {number} fallback */
const positiveInt = (fallback) => z.coerce.number().int().positive().default(fallback);

/**
 * Every variable the server reads, validated once (T3's env pattern). Unset optional channels
 * disable themselves; AUTH_SECRET is checked at start (see src/instrumentation.ts) rather than
 * here, so `next build` works without production secrets.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.string().url().optional(),
    PGLITE_DIR: z.string().optional(),
    AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters").optional(),
    APP_URL: optionalUrl,
    PORT: positiveInt(3000),
    UPLOAD_DIR: z.string().default(".data/uploads"),
    S3_ENDPOINT: optionalUrl,
    S3_BUCKET: z.string().optional(),
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    MESSAGE_MAX_LENGTH: positiveInt(10_000),
    ATTACHMENT_MAX_BYTES: positiveInt(10 * 1024 * 1024),
    ATTACHMENTS_PER_MESSAGE: positiveInt(10),
    SEND_RATE_LIMIT: positiveInt(30),
    SEND_RATE_WINDOW_SECONDS: positiveInt(10),
    SIGNIN_FAILURES_PER_ACCOUNT: positiveInt(10),
    SIGNIN_WINDOW_SECONDS: positiveInt(300),
    SIGNIN_FAILURES_PER_ADDRESS: positiveInt(60),
    TRUSTED_PROXY_HOPS: positiveInt(1),
    SIGNIN_ADDRESS_WINDOW_SECONDS: positiveInt(60),
    // Channels: each one answers 503 with a clear message while its secret is unset.
    WHATSAPP_APP_SECRET: z.string().optional(),
    WHATSAPP_VERIFY_TOKEN: z.string().optional(),
    TWILIO_AUTH_TOKEN: z.string().optional(),
    INBOUND_EMAIL_USER: z.string().optional(),
    INBOUND_EMAIL_PASSWORD: z.string().optional(),
    SYSTEM_EVENTS_SECRET: z.string().optional(),
    REPLY_DOMAIN: z.string().optional(),
    MAIL_FROM: z.string().optional(),
    // Realtime (src/server/realtime/realtime-config.ts): unset outside production → the local relay.
    PUSHER_APP_ID: z.string().optional(),
    PUSHER_KEY: z.string().optional(),
    PUSHER_SECRET: z.string().optional(),
    PUSHER_CLUSTER: z.string().optional(),
    PUSHER_HOST: z.string().optional(),
    PUSHER_PORT: z.coerce.number().int().positive().max(65535).optional(),
    PUSHER_USE_TLS: optionalBoolean,
    /** Longest a statement may run on PostgreSQL before the server cancels it (0 turns it off). */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
    /** Procedures in one `/api/trpc?batch=1` request; more is refused with 400. */
    TRPC_MAX_BATCH: positiveInt(10),
    /**
     * Longest a process trusts a user's role, scope and enabled state (or a token) read by an
     * earlier request. Changes are announced by the database and count at once; this is the backstop.
     */
    ACTOR_CACHE_SECONDS: positiveInt(600),
    UPLOAD_RATE_LIMIT: positiveInt(30),
    UPLOAD_RATE_WINDOW_SECONDS: positiveInt(60),
    /** A user's uploads not yet on a message, in bytes, summed. */
    UPLOAD_PENDING_BYTES_PER_USER: positiveInt(100 * 1024 * 1024),
    /** How often the app process sweeps abandoned uploads. */
    UPLOAD_SWEEP_INTERVAL_SECONDS: positiveInt(15 * 60),
    // Outbound channels: a channel without its settings falls back to email (src/server/delivery).
    SMTP_URL: z.string().optional(),
    WHATSAPP_ACCESS_TOKEN: z.string().optional(),
    WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
    WHATSAPP_API_BASE_URL: z.string().optional(),
    TWILIO_ACCOUNT_SID: z.string().optional(),
    TWILIO_FROM_NUMBER: z.string().optional(),
    TWILIO_API_BASE_URL: z.string().optional(),
    // The outbox worker (src/server/delivery): where it runs and how hard it retries.
    DELIVERY_WORKER: z.enum(["in-process", "off"]).optional(),
    DELIVERY_MAX_ATTEMPTS: positiveInt(8),
    // Notification digests (src/server/delivery/queue-digests.ts): how long a notification may wait
    // unread before it is emailed to someone not online, and at most one digest per user per interval.
    NOTIFY_DIGEST_DELAY_SECONDS: positiveInt(300),
    NOTIFY_DIGEST_INTERVAL_SECONDS: positiveInt(1800),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
});

export const DEV_AUTH_SECRET = "orderline-development-secret-do-not-use-in-production";
