import { DomainError } from "../src/server/errors";
import { PgliteLockedError } from "../src/server/db/pglite-lock";

/**
 * Runs an operator script's main: a refusal the script expects (a domain error, the embedded
 * database held by another process) is one line on stderr and exit code 1, never a stack trace.
 */
export async function runScript(main: (argv: string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof PgliteLockedError || error instanceof DomainError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
