import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import PageError from "./error";

describe("the page error box", () => {
  it("offers a retry and the digest to quote, never the error's own message", () => {
    const error = Object.assign(new Error("relation \"orders\" does not exist at db.internal:5432"), { digest: "1234567890" });
    const html = renderToStaticMarkup(createElement(PageError, { error, reset: vi.fn(), retry: vi.fn() }));
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<button type="button"[^>]*>Try again<\/button>/);
    expect(html).toContain("Reference: 1234567890");
    expect(html).not.toContain("db.internal");
    expect(html).not.toContain("does not exist");
  });
});
