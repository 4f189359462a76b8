import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';

/** Debian's chromium; CI installs it (`apt-get install chromium`). CHROMIUM_PATH overrides. */
const EXECUTABLE = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags every browser test runs with (headless, no sandbox as root, nothing phoning home). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

/**
 * A headless Chromium (Debian's, through playwright-core) with a fresh temporary profile, for the
 * pages a person uses (sign-in, consent, /docs). `close()` ends the browser and removes the profile.
 */
export class TestBrowser {
  private constructor(
    readonly context: BrowserContext,
    private readonly userDataDir: string,
  ) {}

  static async launch(): Promise<TestBrowser> {
    // Loaded here, not at import: every test imports this library, few drive a browser.
    const { chromium } = await import('playwright-core');
    const userDataDir = await mkdtemp(join(tmpdir(), 'gc-chromium-'));
    try {
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: EXECUTABLE,
        headless: true,
        args: [...CHROMIUM_ARGS],
        timeout: 30_000,
      });
      return new TestBrowser(context, userDataDir);
    } catch (error) {
      await rm(userDataDir, { recursive: true, force: true });
      throw error;
    }
  }

  async newPage(): Promise<Page> {
    return this.context.newPage();
  }

  /**
   * Resolves with the first URL the browser is sent to that starts with `prefix` (an OAuth client's
   * redirect URI). The request is answered here with a short page and never reaches the network.
   */
  captureRedirect(prefix: string): Promise<URL> {
    const matches = (url: URL): boolean => url.href.startsWith(prefix);
    return new Promise<URL>((resolve, reject) => {
      const handler = async (route: Route): Promise<void> => {
        resolve(new URL(route.request().url()));
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Signed in</title><p>You can close this window.</p>' });
      };
      this.context.route(matches, handler, { times: 1 }).catch(reject);
    });
  }

  /** Forgets every cookie (a new person at the same browser). */
  async clearCookies(): Promise<void> {
    await this.context.clearCookies();
  }

  async close(): Promise<void> {
    try {
      await this.context.unrouteAll({ behavior: 'ignoreErrors' });
      await this.context.close();
    } finally {
      await rm(this.userDataDir, { recursive: true, force: true });
    }
  }
}
