import { env } from "~/env";
import { resolveRealtimeConfig, type RealtimeConfig } from "../realtime/realtime-config";

/** Where and how the worker sends; built from env once, passed explicitly so tests need no env. */
export interface DeliveryConfig {
  /** The app's public base URL: digests link to thread pages under it. */
  appUrl: string;
  /** Where to ask who is online before emailing a digest; null: nobody can be seen online. */
  realtime: RealtimeConfig | null;
  email: {
    /** smtp(s)://user:pass@host:port; unset means "capture" (outside production) or "refuse" (production). */
    smtpUrl: string | null;
    /** Without SMTP: keep the mail in the delivery row (development) instead of failing it. */
    captureWithoutSmtp: boolean;
    from: string;
    replyDomain: string;
  };
  whatsapp: { accessToken: string; phoneNumberId: string; apiBaseUrl: string } | null;
  sms: { accountSid: string; authToken: string; fromNumber: string; apiBaseUrl: string; statusCallbackUrl: string } | null;
}

export interface DeliveryWorkerOptions {
  /** Rows taken per round (and sent concurrently). */
  batchSize: number;
  /** How long a taken row stays ours; after that another worker may take it again (we died). */
  leaseMs: number;
  maxAttempts: number;
  /** Retry n waits baseDelayMs · 2^(n-1) (±20 %), at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Idle wait between rounds when the queue was empty. */
  pollMs: number;
  /** How often the loop also sweeps stuck inbound events (channels/sweep-inbound-events.ts); 0 turns it off. */
  inboundSweepMs?: number;
  /** How old a `received` event must be before the sweep takes it from the request that stored it. */
  inboundGraceMs?: number;
  /** Notification digests by email (queue-digests.ts); absent turns the step off. */
  digest?: DigestOptions;
}

export interface DigestOptions {
  /** How long a notification waits unread before it may be emailed: time to see it live. */
  delayMs: number;
  /** At most one digest per user per this long. */
  intervalMs: number;
  /**
   * Notifications older than this are never emailed: a worker back from a long outage, or rows
   * from before digests existed, must not flood inboxes with stale news.
   */
  maxAgeMs: number;
  /** How often the worker's loop runs the digest step (each run asks the realtime server about every candidate). */
  everyMs: number;
  /** Users looked at per page of candidates. */
  batchSize: number;
}

export const defaultDigestOptions: DigestOptions = {
  delayMs: 300_000,
  intervalMs: 1_800_000,
  maxAgeMs: 24 * 60 * 60_000,
  everyMs: 15_000,
  batchSize: 100,
};

export const defaultWorkerOptions: DeliveryWorkerOptions = {
  batchSize: 10,
  // Longer than the senders' own timeouts (30 s), so a slow send is never taken twice.
  leaseMs: 60_000,
  maxAttempts: 8,
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
  pollMs: 1_000,
  inboundSweepMs: 15_000,
  inboundGraceMs: 60_000,
  digest: defaultDigestOptions,
};

/** Both halves of the whole: all three set, or the channel is off (and replies fall back to email). */
function whole<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]: string } | null {
  return Object.values(values).every((value) => value) ? (values as { [K in keyof T]: string }) : null;
}

function appUrl(): string {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}

export function deliveryConfigFromEnv(): DeliveryConfig {
  const replyDomain = env.REPLY_DOMAIN ?? new URL(appUrl()).hostname;
  const whatsapp = whole({
    accessToken: env.WHATSAPP_ACCESS_TOKEN,
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
    apiBaseUrl: env.WHATSAPP_API_BASE_URL ?? "https://graph.facebook.com/v21.0",
  });
  const twilio = whole({
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    fromNumber: env.TWILIO_FROM_NUMBER,
    apiBaseUrl: env.TWILIO_API_BASE_URL ?? "https://api.twilio.com",
  });
  return {
    appUrl: appUrl(),
    realtime: resolveRealtimeConfig(env),
    email: {
      smtpUrl: env.SMTP_URL ?? null,
      captureWithoutSmtp: env.NODE_ENV !== "production",
      from: env.MAIL_FROM ?? `Orderline <no-reply@${replyDomain}>`,
      replyDomain,
    },
    whatsapp,
    sms: twilio && { ...twilio, statusCallbackUrl: new URL("/api/webhooks/sms/status", appUrl()).toString() },
  };
}

export function workerOptionsFromEnv(): DeliveryWorkerOptions {
  return {
    ...defaultWorkerOptions,
    maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
    digest: {
      ...defaultDigestOptions,
      delayMs: env.NOTIFY_DIGEST_DELAY_SECONDS * 1000,
      intervalMs: env.NOTIFY_DIGEST_INTERVAL_SECONDS * 1000,
    },
  };
}
