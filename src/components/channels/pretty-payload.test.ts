import { describe, expect, it } from "vitest";
import { prettyPayload } from "./pretty-payload";

describe("prettyPayload", () => {
  it("indents JSON, whatever the content type says", () => {
    expect(prettyPayload('{"object":"whatsapp_business_account","entry":[1]}', "application/json")).toEqual({
      format: "JSON",
      text: '{\n  "object": "whatsapp_business_account",\n  "entry": [\n    1\n  ]\n}',
    });
    expect(prettyPayload('{"a":1}', undefined).format).toBe("JSON");
  });

  it("lays out a form one decoded field a line", () => {
    expect(prettyPayload("From=%2B12025550101&Body=Where+is+it%3F", "application/x-www-form-urlencoded; charset=utf-8")).toEqual({
      format: "Form fields",
      text: "From = +12025550101\nBody = Where is it?",
    });
  });

  it("shows a body that is not what it claims, or a raw email, exactly as received", () => {
    expect(prettyPayload('{"broken":', "application/json")).toEqual({ format: "Raw", text: '{"broken":' });
    const mail = "From: a@example.com\r\nSubject: Hi\r\n\r\nBody";
    expect(prettyPayload(mail, "message/rfc822")).toEqual({ format: "Raw", text: mail });
  });
});
