import { type Browser, chromium } from "playwright-core";
import type { TestWorld } from "./app.js";

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}

/** Makes the test app listen on a free loopback port and returns its base URL. */
export async function listen(world: TestWorld): Promise<string> {
  const address = await world.app.listen({ host: "127.0.0.1", port: 0 });
  return address;
}
