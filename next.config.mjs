import "./src/env.js";

/** Sent with every response. */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/**
 * `npm run bench` builds with ORDERLINE_BENCH_ROUTES=1, which adds `bench.ts` to the page
 * extensions: only then do the bare floor routes (`src/app/api/bench/<name>/route.bench.ts`) exist.
 * A normal build never matches `route.bench.ts` (src/app/api/bench/bench-routes.test.ts holds it to that).
 */
const benchRoutesEnabled = process.env.ORDERLINE_BENCH_ROUTES === "1";

/** @type {import("next").NextConfig} */
const config = {
  // PGlite loads its wasm and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  // The dev server otherwise refuses its own HMR resources to 127.0.0.1 and pages never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  pageExtensions: benchRoutesEnabled ? ["tsx", "ts", "jsx", "js", "bench.ts"] : ["tsx", "ts", "jsx", "js"],
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project once, first; the e2e build (playwright.config.ts)
  // skips repeating it (about 20 s on two cores). Every other build still checks.
  typescript: { ignoreBuildErrors: process.env.ORDERLINE_BUILD_SKIP_TYPECHECK === "1" },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Framing, forms, plugins and <base> only: script rules would need nonces for Next's inline
      // scripts. Not on attachment downloads, whose own `default-src 'none'; sandbox` a header set
      // here would replace.
      {
        source: "/((?!api/attachments/).*)",
        headers: [{ key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" }],
      },
    ];
  },
};

export default config;
