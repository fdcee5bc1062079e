import { describe, expect, it } from "vitest";
import { afterSignInPath, landingFor } from "./landing";

describe("afterSignInPath: the sign-in redirect guard", () => {
  it.each([
    "//evil.example/orders",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "https://evil.example/orders",
    "http://localhost:3000/orders",
    "javascript:alert(1)",
    "orders",
    "",
  ])("keeps a customer on-site for %j", (callbackUrl) => {
    expect(afterSignInPath("customer", callbackUrl)).toBe("/orders");
  });

  it("returns to a path on the user's own surface or a page for every role", () => {
    expect(afterSignInPath("customer", "/orders/ORD-1001/messages?x=1")).toBe("/orders/ORD-1001/messages?x=1");
    expect(afterSignInPath("admin", "/admin/inbox/abc")).toBe("/admin/inbox/abc");
    expect(afterSignInPath("supplier", "/settings/tokens")).toBe("/settings/tokens");
  });

  it("never sends a user to a surface that would refuse them", () => {
    expect(afterSignInPath("customer", "/admin/inbox")).toBe("/orders");
    expect(afterSignInPath("reseller", "/admin/inbox")).toBe("/partner");
    expect(afterSignInPath("admin", "/partner")).toBe("/admin/inbox");
    // A path that only starts like the home is not under it.
    expect(afterSignInPath("customer", "/orders-evil")).toBe("/orders");
    expect(landingFor("supplier")).toBe("/partner");
  });
});
