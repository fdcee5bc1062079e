import { describe, expect, it } from "vitest";
import { addressLimitKey } from "./address-limit-key";

describe("addressLimitKey", () => {
  it("counts every address of one IPv6 /64 as one, however it is written", () => {
    const key = addressLimitKey("2001:db8:aa:bb:1:2:3:4");
    expect(key).toBe("2001:db8:aa:bb::/64");
    for (const other of ["2001:db8:aa:bb::1", "2001:0DB8:00aa:00bb:ffff::", "[2001:db8:aa:bb::9]", "2001:db8:aa:bb::5%eth0"])
      expect(addressLimitKey(other)).toBe(key);
    expect(addressLimitKey("2001:db8:aa:bc::1")).not.toBe(key);
    expect(addressLimitKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressLimitKey("::1")).toBe("0:0:0:0::/64");
  });

  it("keeps IPv4 per address, also when written IPv4-mapped", () => {
    expect(addressLimitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressLimitKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressLimitKey("203.0.113.8")).not.toBe(addressLimitKey("203.0.113.7"));
  });
});
