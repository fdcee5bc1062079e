import "./src/env.js";

/** @type {import("next").NextConfig} */
const config = {
  // PGlite loads its wasm and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  // The dev server otherwise refuses its own HMR resources to 127.0.0.1 and pages never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default config;
