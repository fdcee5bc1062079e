/**
 * Runs once when the server starts: refuse to run on a wrong configuration, warm the embedded
 * database, start the abandoned-upload sweep.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertStartupEnvironment } = await import("./server/startup-check");
  assertStartupEnvironment();
  // Realtime: domain events go out over Pusher (src/server/realtime).
  const { startConfiguredBroadcasts } = await import("./server/realtime/start-configured-broadcasts");
  startConfiguredBroadcasts();
  if (!process.env.DATABASE_URL) {
    // First start on PGlite migrates and seeds here, so the first page does not wait for it.
    const { getDb } = await import("./server/db");
    await getDb();
  }
  // In the app process until a worker exists (channels issue); unref'd, and one per process
  // however often a hot reload runs this.
  const [{ getDb }, { startAbandonedUploadSweeper }, { env }] = await Promise.all([
    import("./server/db"),
    import("./server/attachments/sweep-abandoned-uploads"),
    import("./env"),
  ]);
  startAbandonedUploadSweeper({ getDb, intervalMs: env.UPLOAD_SWEEP_INTERVAL_SECONDS * 1000 });
  // The outbox worker (sends staff replies by email, WhatsApp, SMS) in this process; unref'd timers.
  const { startDeliveryWorkerInProcess } = await import("./server/delivery/start-in-process");
  startDeliveryWorkerInProcess();
}
