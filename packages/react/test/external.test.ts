import { afterEach, describe, expect, it, vi } from "vitest";
import { openInBrowser, windowFeatures } from "../src/provider/external.js";

describe("openInBrowser", () => {
  afterEach(() => vi.restoreAllMocks());

  it("opens a maker's sign-in as a sized popup centred on the browser window, anything else as a tab", () => {
    expect(windowFeatures("device_auth", { screenX: 100, screenY: 50, outerWidth: 1300, outerHeight: 900 })).toBe("popup,width=500,height=720,left=500,top=140");
    // Never placed off the screen's top-left, even from a small window.
    expect(windowFeatures("device_auth", { screenX: 0, screenY: 0, outerWidth: 300, outerHeight: 400 })).toBe("popup,width=500,height=720,left=0,top=0");
    expect(windowFeatures("terms", { screenX: 0, screenY: 0, outerWidth: 1300, outerHeight: 900 })).toBeUndefined();
  });

  it("cuts the opened page's handle back to this one, and says when the browser blocked it", () => {
    const popup = { opener: window } as unknown as Window;
    const open = vi.spyOn(window, "open").mockReturnValueOnce(popup).mockReturnValueOnce(null);
    expect(openInBrowser({ url: "https://maker.example/auth", purpose: "device_auth" })).toEqual({ opened: true, mode: "popup" });
    expect(open).toHaveBeenLastCalledWith("https://maker.example/auth", "_blank", expect.stringMatching(/^popup,width=500,height=720,/));
    expect(popup.opener).toBeNull();
    expect(openInBrowser({ url: "https://maker.example/auth", purpose: "device_auth" })).toEqual({ opened: false, mode: "popup" });
  });
});
