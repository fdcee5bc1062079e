/**
 * How a sender says an attempt did not go out. `retry`: try again later (network, 429, 5xx);
 * `permanent`: trying again cannot help (the provider refused the recipient or the message);
 * `use-email`: this channel cannot reach the customer now (WhatsApp's 24-hour window), send by email.
 */
export class DeliveryFailure extends Error {
  constructor(
    readonly kind: "retry" | "permanent" | "use-email",
    message: string,
  ) {
    super(message);
    this.name = "DeliveryFailure";
  }
}

/** Anything a sender throws that is not a DeliveryFailure (a socket error, a timeout) is worth a retry. */
export function asDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryFailure("retry", message || "Unknown error");
}

/** 429 and 5xx are the provider's momentary trouble; any other 4xx is about what we sent. */
export function failureForHttpStatus(status: number, message: string): DeliveryFailure {
  return new DeliveryFailure(status === 429 || status >= 500 ? "retry" : "permanent", message);
}
