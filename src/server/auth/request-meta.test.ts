import { describe, expect, it } from "vitest";
import { requestCredential } from "./request-credential";
import { requestMetaFromHeaders } from "./request-meta";

describe("requestMetaFromHeaders", () => {
  it("records the address the nearest proxy appended, not one the client put first", () => {
    const meta = requestMetaFromHeaders(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7", "user-agent": "curl/8" }));
    expect(meta).toEqual({ ip: "203.0.113.7", userAgent: "curl/8" });
  });

  it("with several proxies in front, takes the entry the outermost one appended", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" });
    expect(requestMetaFromHeaders(headers, 2).ip).toBe("203.0.113.7");
    expect(requestMetaFromHeaders(headers, 1).ip).toBe("10.0.0.2");
    expect(requestMetaFromHeaders(new Headers({ "x-forwarded-for": "203.0.113.7" }), 3).ip).toBe("203.0.113.7");
  });

  it("falls back to X-Real-IP, then to nothing, and caps the user agent", () => {
    expect(requestMetaFromHeaders(new Headers({ "x-real-ip": "198.51.100.1" })).ip).toBe("198.51.100.1");
    const bare = requestMetaFromHeaders(new Headers({ "user-agent": "x".repeat(2000) }));
    expect(bare.ip).toBeNull();
    expect(bare.userAgent).toHaveLength(512);
  });
});

describe("requestCredential", () => {
  it("is an API token only under the Bearer scheme; Basic (a staging proxy) leaves the session in charge", () => {
    expect(requestCredential(new Headers({ authorization: "Bearer olt_x" }))).toBe("api_token");
    expect(requestCredential(new Headers({ authorization: "bearer olt_x" }))).toBe("api_token");
    // A bare or malformed Bearer is still a token attempt (401), never a fall back to the cookie.
    expect(requestCredential(new Headers({ authorization: "Bearer" }))).toBe("api_token");
    expect(requestCredential(new Headers({ authorization: "Basic c3RhZ2luZzpzZWNyZXQ=", cookie: "x=1" }))).toBe("session");
    expect(requestCredential(new Headers({ authorization: "BearerX abc" }))).toBe("session");
    expect(requestCredential(new Headers({ cookie: "next-auth.session-token=x" }))).toBe("session");
  });
});
