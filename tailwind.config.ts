import type { Config } from "tailwindcss";

// Tailwind 4 reads its theme from CSS; this file is loaded by src/styles/globals.css (@config)
// and holds the few design tokens the three surfaces share.
export default {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#1d4ed8", dark: "#1e3a8a" },
        internal: { DEFAULT: "#92400e", bg: "#fef3c7" },
      },
    },
  },
} satisfies Config;
