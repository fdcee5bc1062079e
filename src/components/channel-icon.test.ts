import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChannelIcon } from "./ChannelIcon";
import { channelLabel } from "./channel-label";

const publicDir = path.resolve(import.meta.dirname, "../../public");

describe("ChannelIcon", () => {
  it.each(Object.entries(channelLabel))("draws %s from public/ with its name as the text alternative", (channel, label) => {
    const html = renderToStaticMarkup(createElement(ChannelIcon, { channel }));
    expect(html).toContain(`src="/channels/${channel}.svg"`);
    expect(html).toContain(`alt="${label}"`);
    const file = path.join(publicDir, "channels", `${channel}.svg`);
    expect(existsSync(file), `${file} exists`).toBe(true);
    expect(readFileSync(file, "utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("says the name once when it is printed beside the icon (the image is then decorative)", () => {
    const html = renderToStaticMarkup(createElement(ChannelIcon, { channel: "sms", showLabel: true }));
    expect(html).toContain('alt=""');
    expect(html).toContain(">SMS</span>");
  });

  it("shows an unknown channel as text, never a broken image", () => {
    const html = renderToStaticMarkup(createElement(ChannelIcon, { channel: "fax" }));
    expect(html).not.toContain("<img");
    expect(html).toContain("fax");
  });
});
