import "./src/env.js";

/** @type {import("next").NextConfig} */
const config = {
  // PGlite loads its wasm and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  // The dev server otherwise refuses its own HMR resources to 127.0.0.1 and pages never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project once, first; the e2e build (playwright.config.ts)
  // skips repeating it (about 20 s on two cores). Every other build still checks.
  typescript: { ignoreBuildErrors: process.env.ORDERLINE_BUILD_SKIP_TYPECHECK === "1" },
};

export default config;
