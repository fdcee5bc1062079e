/** Runs once when the server starts: refuse to run without secrets, warm the embedded database. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertStartupEnvironment } = await import("./server/startup-check");
  assertStartupEnvironment();
  if (!process.env.DATABASE_URL) {
    // First start on PGlite migrates and seeds here, so the first page does not wait for it.
    const { getDb } = await import("./server/db");
    await getDb();
  }
  // The outbox worker (sends staff replies by email, WhatsApp, SMS) in this process; unref'd timers.
  const { startDeliveryWorkerInProcess } = await import("./server/delivery/start-in-process");
  startDeliveryWorkerInProcess();
}
