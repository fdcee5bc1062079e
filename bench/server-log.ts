/** Reading the Postgres server log, which the bench shares with everything else on the machine. */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** What the server log gained since byte `offset`: the log is shared and grows (hundreds of MB), so never read whole. */
export function logSince(logFile: string, offset: number): string {
  const fd = openSync(logFile, "r");
  try {
    const length = Math.max(0, fstatSync(fd).size - offset);
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, offset);
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
