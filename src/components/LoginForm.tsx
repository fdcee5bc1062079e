"use client";

import { getSession, signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { afterSignInPath } from "~/navigation/landing";
import { RoleBadge } from "./RoleBadge";
import { useHydrated } from "./use-hydrated";

interface DemoAccounts {
  password: string;
  users: { email: string; name: string; role: string }[];
}

/** NextAuth answers this code when the credentials did not match; anything else is its own message. */
const WRONG_CREDENTIALS = "CredentialsSignin";

export function LoginForm({ callbackUrl, demo }: { callbackUrl: string | null; demo: DemoAccounts | null }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result?.ok || result.error) {
        setError(
          !result?.error || result.error === WRONG_CREDENTIALS
            ? "Wrong email or password."
            : result.error, // e.g. the per-account lockout message from the server
        );
        return;
      }
      const session = await getSession();
      if (!session) {
        setError("Signed in, but the session could not be read. Please try again.");
        return;
      }
      // A full load, so the header and every server component render with the new session.
      window.location.assign(afterSignInPath(session.user.role, callbackUrl));
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <form aria-label="Sign in" method="post" onSubmit={submit} className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" noValidate>
        {/* Disabled until hydrated: a native submit would put the password in the URL. */}
        <fieldset disabled={!hydrated} className="space-y-4">
          <div>
            <label htmlFor="email" className="block text-sm font-medium text-slate-700">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30"
            />
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium text-slate-700">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30"
            />
          </div>
          {error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {error}
            </p>
          )}
          <button
            type="submit"
            disabled={pending}
            className="w-full rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:opacity-60"
          >
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </fieldset>
      </form>

      {demo && (
        <section aria-labelledby="demo-users" className="mt-8">
          <h2 id="demo-users" className="text-sm font-semibold text-slate-700">
            Demo users <span className="font-normal text-slate-500">
              (development only; password <code className="whitespace-nowrap">{demo.password}</code>; click one to fill the form)
            </span>
          </h2>
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {demo.users.map((user) => (
              <li key={user.email}>
                <button
                  type="button"
                  onClick={() => {
                    setEmail(user.email);
                    setPassword(demo.password);
                    setError(null);
                  }}
                  className="flex w-full items-center justify-between px-4 py-2 text-left text-sm hover:bg-slate-50 focus:outline-none focus-visible:bg-slate-100"
                >
                  <span>
                    <span className="font-medium text-slate-900">{user.email}</span>
                    <span className="ml-2 text-slate-500">{user.name}</span>
                  </span>
                  <RoleBadge role={user.role} />
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
