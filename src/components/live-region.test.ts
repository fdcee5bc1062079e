import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LiveRegionProvider } from "./LiveRegion";

describe("LiveRegionProvider", () => {
  it("puts an empty polite status region in the very first (server) render, after the page", () => {
    // Screen readers announce changes only in a region that already existed: it must not wait for an announcement.
    const html = renderToStaticMarkup(createElement(LiveRegionProvider, null, createElement("p", null, "page")));
    expect(html).toMatch(/^<p>page<\/p><div role="status" aria-live="polite" aria-atomic="true" class="sr-only"[^>]*><\/div>$/);
  });
});
