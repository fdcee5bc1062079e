import { env } from "~/env";

/** Production must have its own session secret; without one NextAuth would 500 on every page. */
export function assertStartupEnvironment(): void {
  if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
    console.error(
      "\nOrderline refuses to start: AUTH_SECRET is not set.\n" +
        "Set it to a long random string (e.g. `openssl rand -base64 32`) in the environment of `npm start`.\n",
    );
    process.exit(1);
  }
  // NextAuth needs the origin browsers use; unset it assumes port 3000 and sign-in on any other
  // port silently loops back to the form.
  process.env.NEXTAUTH_URL ??= env.APP_URL ?? `http://localhost:${env.PORT}`;
  if (!env.AUTH_SECRET) {
    console.warn("AUTH_SECRET is not set: using the fixed development secret. Never do this in production.");
  }
}
