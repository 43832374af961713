// The README's picture of ergraph serve's page: the view around the FSB
// from 2003 on, stated or reported evidence, its card open, the filter
// panel at its types (with counts), evidence and date window.
//   node screenshot.mjs CHROMIUM URL OUT.png
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [chromium, base, out] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ergraph-chromium-'));
const browser = await puppeteer.launch({
  executablePath: chromium, headless: true, userDataDir: profile,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1400, height: 860});
  await page.goto(base + '?around=FSB&depth=1&type=person,agency,country&certainty=stated,reported&since=2003-01');
  await page.waitForFunction(() => document.getElementById('diagram').dataset.state === 'ready');
  await page.click('#diagram g.node#e-fsb');
  await page.waitForSelector('#card.entity-card h2');
  await page.$eval('#types', (t) => t.scrollIntoView());
  await page.screenshot({path: out});
} finally {
  await browser.close();
  fs.rmSync(profile, {recursive: true, force: true});
}
