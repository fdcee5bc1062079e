import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { highlightSnippet, splitSnippet } from "./snippet-highlight";

/** What a reader's browser gets: the snippet rendered inside a paragraph, as the inbox does. */
function html(snippet: string): string {
  return renderToStaticMarkup(createElement("p", null, highlightSnippet(snippet)));
}

describe("splitSnippet", () => {
  it("keeps a snippet without markers as one plain part", () => {
    expect(splitSnippet("Is there a tracking number for my parcel?")).toEqual([
      { text: "Is there a tracking number for my parcel?", hit: false },
    ]);
    expect(splitSnippet("")).toEqual([]);
  });

  it("marks every hit and keeps the text between them", () => {
    expect(splitSnippet("**Refund** for the **refund**ed item ... a **refund**")).toEqual([
      { text: "Refund", hit: true },
      { text: " for the ", hit: false },
      { text: "refund", hit: true },
      { text: "ed item ... a ", hit: false },
      { text: "refund", hit: true },
    ]);
  });

  it("marks adjacent hits separately, as ts_headline writes them", () => {
    expect(splitSnippet("https://**x.example****/a-b?c=1**")).toEqual([
      { text: "https://", hit: false },
      { text: "x.example", hit: true },
      { text: "/a-b?c=1", hit: true },
    ]);
  });

  it("leaves an unbalanced marker as the text it is", () => {
    expect(splitSnippet("a **b")).toEqual([{ text: "a **b", hit: false }]);
    expect(splitSnippet("**")).toEqual([{ text: "**", hit: false }]);
    expect(splitSnippet("****")).toEqual([{ text: "****", hit: false }]);
    expect(splitSnippet("cut off at **ship")).toEqual([{ text: "cut off at **ship", hit: false }]);
  });

  it("does not pair a sender's own asterisks with a real marker", () => {
    // "5 ** 2" was typed by the sender; only "wrap" matched.
    expect(splitSnippet("5 ** 2 **wrap**")).toEqual([
      { text: "5 ** 2 ", hit: false },
      { text: "wrap", hit: true },
    ]);
    // The sender wrote **urgent**; the search marked the word inside.
    expect(splitSnippet("****urgent**** please")).toEqual([
      { text: "**", hit: false },
      { text: "urgent", hit: true },
      { text: "** please", hit: false },
    ]);
  });
});

describe("highlightSnippet", () => {
  it("renders hits as <mark> and the rest as text", () => {
    expect(html("your **tracking** number is **1Z999AA10123456784**.")).toBe(
      "<p>your <mark>tracking</mark> number is <mark>1Z999AA10123456784</mark>.</p>",
    );
  });

  it("keeps text that looks like HTML as text, inside and outside a hit", () => {
    expect(html(`<img src=x onerror="alert(1)"> **<b>hit</b>** & <script>x</script>`)).toBe(
      "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>&lt;b&gt;hit&lt;/b&gt;</mark> &amp; &lt;script&gt;x&lt;/script&gt;</p>",
    );
  });

  it("renders a snippet without hits unchanged", () => {
    expect(html("a **b")).toBe("<p>a **b</p>");
  });
});
