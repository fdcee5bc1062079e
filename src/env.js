import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const optionalUrl = z.string().url().optional();
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
    // Channels (issue 14). Optional strings, defined identically by the inbound and outbound halves.
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().optional(),
    REPLY_DOMAIN: z.string().optional(),
    WHATSAPP_ACCESS_TOKEN: z.string().optional(),
    WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
    WHATSAPP_API_BASE_URL: z.string().optional(),
    TWILIO_ACCOUNT_SID: z.string().optional(),
    TWILIO_AUTH_TOKEN: z.string().optional(),
    TWILIO_FROM_NUMBER: z.string().optional(),
    TWILIO_API_BASE_URL: z.string().optional(),
    // The outbox worker (src/server/delivery): where it runs and how hard it retries.
    DELIVERY_WORKER: z.enum(["in-process", "off"]).optional(),
    DELIVERY_MAX_ATTEMPTS: positiveInt(8),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
});

export const DEV_AUTH_SECRET = "orderline-development-secret-do-not-use-in-production";
