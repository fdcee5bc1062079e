import "server-only";
import { env } from "~/env";
import { requestMetaFromHeaders } from "../auth/resolve-actor";
import { getDb } from "../db";
import { DomainError } from "../errors";
import { domainErrorResponse, httpErrorResponse } from "../http/domain-error-response";
import { emailCall } from "./email/email-webhook";
import { ingestInboundCall, type InboundCall } from "./ingest-inbound-call";
import { orderEventsCall } from "./order-events/order-events-webhook";
import { twilioSmsCall, twilioStatusCall } from "./sms/twilio-webhook";
import { answerWhatsAppSubscription, whatsAppCall } from "./whatsapp/whatsapp-webhook";

/**
 * The webhook route handlers' one call each: the provider's call configured from env, run through
 * the one pipeline (ingest-inbound-call.ts) on the app's database.
 */
function handle(call: () => InboundCall) {
  return async (request: Request): Promise<Response> => {
    try {
      return await ingestInboundCall(call(), request, { db: await getDb(), replyDomain: env.REPLY_DOMAIN, request: requestMetaFromHeaders(request.headers) });
    } catch (error) {
      if (error instanceof DomainError) return domainErrorResponse(error);
      // Bad input never gets here (it is a 4xx above); this is the database being unreachable or
      // the like. 503 asks the provider to retry, and nothing was acknowledged, so nothing is lost.
      console.error("inbound webhook could not be stored", error);
      return httpErrorResponse(503, "SERVICE_UNAVAILABLE", "Temporarily unable to store the event; retry later");
    }
  };
}

const appUrl = () => env.APP_URL ?? `http://localhost:${env.PORT}`;

export const handleWhatsAppWebhook = handle(() => whatsAppCall(env.WHATSAPP_APP_SECRET));
export const handleWhatsAppSubscription = (request: Request) => answerWhatsAppSubscription(new URL(request.url), env.WHATSAPP_VERIFY_TOKEN);
export const handleSmsWebhook = handle(() => twilioSmsCall(env.TWILIO_AUTH_TOKEN, appUrl()));
export const handleSmsStatusWebhook = handle(() => twilioStatusCall(env.TWILIO_AUTH_TOKEN, appUrl()));
export const handleEmailWebhook = handle(() =>
  emailCall({ user: env.INBOUND_EMAIL_USER, password: env.INBOUND_EMAIL_PASSWORD }, { mailFrom: env.MAIL_FROM }),
);
export const handleOrderEvent = handle(() => orderEventsCall(env.SYSTEM_EVENTS_SECRET));
