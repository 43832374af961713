// ergraph serve's page in headless Chromium, driven by puppeteer-core:
// type an entity and a depth, check the diagram and the address, read an
// entity's card, expand a neighbour, pick two entities for the paths
// between them, move the date window, reload the address for the same
// view, go back, download an SVG.
//   node serve_page.mjs CHROMIUM URL DOWNLOAD_DIR EXPECTED_SVG
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const [chromium, base, downloads, expectedSvg] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ergraph-chromium-'));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--no-proxy-server'],
});
let failed = 0;
function check(cond, what) {
  if (!cond) { failed++; console.error('FAIL: ' + what); } else console.log('ok: ' + what);
}
const timeout = 60000;

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  await page.setViewport({width: 1400, height: 900});
  // Nothing but this server: every request elsewhere fails the test.
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  const ready = (query) => page.waitForFunction(
    (q) => { const d = document.getElementById('diagram'); return d.dataset.state === 'ready' && d.dataset.query === q; },
    {}, query);
  // The entities drawn (the legend's sample shapes aside).
  const nodes = () => page.$$eval('#diagram g.node', (gs) => gs.map((g) => g.id).filter((i) => i.startsWith('e-')).sort());

  await page.goto(base);
  await ready('');
  const everything = await nodes();
  check(everything.length > 50, 'the whole graph at first: ' + everything.length + ' entities');

  // Type an entity and a depth.
  await page.type('#around', 'FSB');
  await page.type('#depth', '1');
  await page.click('#apply');
  await ready('around=FSB&depth=1');
  check(new URL(page.url()).search === '?around=FSB&depth=1', 'the address holds the query: ' + page.url());
  const around = await nodes();
  check(around.includes('e-fsb') && around.length > 5 && around.length < everything.length,
        'the diagram around the FSB: ' + around.length + ' entities');
  const command = await page.$eval('#command', (c) => c.textContent);
  check(command.startsWith('ergraph render --around FSB --depth 1'), 'the command line: ' + command);

  // Click an entity: its card.
  await page.click('#diagram g.node#e-fsb');
  await page.waitForFunction(() => { const h = document.querySelector('#card.entity-card h2'); return h && h.textContent === 'Federal Security Service'; });
  const card = await page.$eval('#card', (c) => c.textContent);
  check(card.includes('agency') && card.includes('Federalnaya Sluzhba Bezopasnosti') && card.includes('source: '),
        'the card has the type, the aliases, the ties and their sources');

  // Double-click a neighbour: expanded into the view.
  await page.click('#diagram g.node#e-kgb', {count: 2});
  await ready('around=FSB&depth=1&around=kgb');
  const expanded = await nodes();
  check(expanded.length >= around.length && around.every((n) => expanded.includes(n)),
        'expanding the KGB keeps the view and adds its neighbours: ' + expanded.length);

  // Two entities picked: the paths between them.
  await page.keyboard.down('Shift');
  await page.click('#diagram g.node#e-fsb');
  await page.click('#diagram g.node#e-fbi');
  await page.keyboard.up('Shift');
  await ready('between=fsb&between=fbi');
  const between = await nodes();
  check(between.includes('e-fsb') && between.includes('e-fbi') && between.length < expanded.length,
        'the paths between the FSB and the FBI: ' + between.join(' '));

  // The date window.
  await page.click('#reset');
  await ready('');
  await page.type('#since', '2004');
  await page.click('#dated-only');
  await page.click('#apply');
  await ready('since=2004&dated-only=1');
  const dated = await nodes();
  const ties = () => page.$$eval('#diagram g.edge', (gs) => gs.length);
  const datedTies = await ties();
  await page.click('#reset');
  await ready('');
  const allTies = await ties();
  check(datedTies < allTies, 'since 2004 keeps fewer ties: ' + datedTies + ' of ' + allTies);
  await page.goBack();
  await ready('since=2004&dated-only=1');

  // The date window's sliders: "from" to the last month of the data, over
  // the histogram of dated ties.
  const bars = await page.$$eval('#histogram .bar', (bs) => bs.length);
  check(bars > 12, 'a histogram bar per month of the dated ties: ' + bars);
  await page.click('#reset');
  await ready('');
  await page.focus('#date-from');
  await page.keyboard.press('End');
  await ready('since=2004-09');
  check(await page.$eval('#since', (i) => i.value) === '2004-09', 'the slider writes since=');
  const late = await ties();
  check(late < allTies, 'the window from September 2004 keeps fewer ties: ' + late + ' of ' + allTies);
  check(await page.$$eval('#histogram .bar.out', (bs) => bs.length) === bars - 1,
        'the bars outside the window are dimmed');
  await page.focus('#date-to');
  await page.keyboard.press('Home');
  await ready('until=1999-01');
  check(await page.$eval('#since', (i) => i.value) === '', 'until before since moves since along');
  await page.reload();
  await ready('until=1999-01');
  check(await page.$eval('#date-to', (i) => i.value) === '0' &&
        await page.$eval('#date-from', (i) => i.value) === '0', 'a reload puts the sliders where the address says');

  // Entity types with their counts; certainty and grade.
  const person = await page.$eval('label:has(#type-person)', (l) => l.textContent);
  check(/person \(\d+\)/.test(person), 'entity types with their counts: ' + person);
  const stated = await page.$eval('label:has(#certainty-stated)', (l) => l.textContent);
  check(/stated \(\d+\)/.test(stated), 'certainties with their counts: ' + stated);
  await page.click('#reset');
  await ready('');
  await page.click('#certainty-stated');
  await page.type('#min-grade', 'B2');
  await page.click('#apply');
  await ready('min-grade=B2&certainty=stated');
  const sure = await ties();
  check(sure > 0 && sure < allTies, 'stated evidence graded B2 or better: ' + sure + ' of ' + allTies + ' ties');
  const sureCommand = await page.$eval('#command', (c) => c.textContent);
  check(sureCommand.includes('--min-grade B2 --certainty stated'), 'the command line: ' + sureCommand);
  await page.click('#certainty-reported');
  await page.click('#apply');
  await ready('min-grade=B2&certainty=stated%2Creported');
  check(await ties() >= sure, 'stated or reported keeps at least as many ties');
  await page.goBack();
  await ready('min-grade=B2&certainty=stated');
  check(await page.$eval('#certainty-stated', (c) => c.checked) &&
        !(await page.$eval('#certainty-reported', (c) => c.checked)), 'back: the boxes as the address says');
  await page.goBack();
  await ready('');
  await page.goBack();
  await ready('until=1999-01');
  await page.goBack();
  await ready('since=2004-09');
  await page.goBack();
  await ready('');
  await page.goBack();
  await ready('since=2004&dated-only=1');

  // Reload: the same view. Back: the one before.
  await page.reload();
  await ready('since=2004&dated-only=1');
  check(JSON.stringify(await nodes()) === JSON.stringify(dated), 'reloading the address gives the same view');
  check(await page.$eval('#since', (i) => i.value) === '2004', 'the form shows the query after a reload');
  await page.goBack();
  await ready('');
  await page.goBack();
  await ready('between=fsb&between=fbi');
  check(JSON.stringify(await nodes()) === JSON.stringify(between), 'back twice: the paths again');

  // A tie: its quotes.
  await page.click('#diagram g.edge');
  await page.waitForSelector('#card.tie-card blockquote');
  check((await page.$eval('#card', (c) => c.textContent)).includes('“'), 'a tie shows its quotes');

  // Download the SVG of the view.
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', {behavior: 'allow', downloadPath: downloads});
  await page.click('#download-svg');
  const file = path.join(downloads, 'ergraph.svg');
  let waited = 0;
  while (!fs.existsSync(file) && waited < timeout) { await new Promise((r) => setTimeout(r, 100)); waited += 100; }
  check(fs.existsSync(file) && fs.readFileSync(file).equals(fs.readFileSync(expectedSvg)),
        'the downloaded SVG is the command line\'s');

  // The drawing aids: an "of" line joins a person drawn to its country
  // drawn, and a click on one shows the person's card; hiding the
  // countries takes their lines away; a legend sample is no entity.
  const entityRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/entity?')) entityRequests.push(r.url()); });
  const settled = (pred) => page.waitForFunction(
    (p) => { const d = document.getElementById('diagram'); return d.dataset.state === 'ready' && new RegExp(p).test(d.dataset.query); },
    {}, pred);
  const ofLines = () => page.$$eval('#diagram g.edge.of', (gs) => {
    const byName = {};
    for (const n of document.querySelectorAll('#diagram g.node')) byName[n.querySelector('title').textContent] = n;
    return gs.map((g) => ({id: g.id, ends: g.querySelector('title').textContent.split('->').map(
      (n) => byName[n] ? [byName[n].id, byName[n].getAttribute('class')] : null)}));
  });
  await page.click('#reset');
  await ready('');
  await page.click('#type-person');
  await page.click('#type-country');
  await page.click('#apply');
  await settled('^type=[a-z%2C]+$');
  const lines = await ofLines();
  const linesOk = lines.filter((l) => l.ends[0] && l.ends[1] && l.ends[0][0] === 'e-' + l.id.slice(3) &&
    / person\b/.test(l.ends[0][1]) && / country\b/.test(l.ends[1][1]));
  check(lines.length > 0 && linesOk.length === lines.length,
        'people and countries: ' + lines.length + ' "of" lines, each from a person drawn to a country drawn');
  const plain = lines.find((l) => /^of-[A-Za-z0-9-]+$/.test(l.id));
  if (plain) {
    const name = await page.$eval('#' + plain.ends[0][0], (g) => g.querySelector('a').getAttribute('xlink:title').split('\n')[0]);
    await page.click('#' + plain.id + ' text');
    await page.waitForFunction((id) => { const c = document.getElementById('card'); return c.className === 'entity-card' && c.dataset.entity === id && c.querySelector('h2'); },
      {}, plain.id.slice(3));
    check(await page.$eval('#card h2', (h) => h.textContent) === name, 'a click on the "of" line ' + plain.id + ' shows the card of ' + name);
  } else {
    check(false, 'an "of" line with a plain id to click');
  }
  const before = entityRequests.length;
  await page.click('#diagram g.node.legend');
  await new Promise((r) => setTimeout(r, 500));
  check(entityRequests.length === before, 'a click on a legend sample asks for no entity: ' + entityRequests.slice(before).join(' '));
  await page.click('#type-country');
  await page.click('#apply');
  await settled('^type=person$');
  const people = await page.$$eval('#diagram g.node.entity', (gs) => gs.map((g) => g.getAttribute('class')));
  check(people.length > 0 && people.every((c) => / person\b/.test(c)) && (await ofLines()).length === 0,
        'countries hidden: ' + people.length + ' people, no "of" line left');
  // Under --cluster (not a filter of serve's: refused) there are no label nodes to check.
  const clustered = await page.evaluate(async () => (await fetch('/api/view?format=svg&cluster=type')).status);
  check(clustered === 400, 'serve has no --cluster: ' + clustered);

  check(foreign.length === 0, 'nothing fetched from elsewhere: ' + foreign.join(' '));
  check(errors.length === 0, 'no script error: ' + errors.join(' '));
  await page.screenshot({path: path.join(downloads, 'page.png')});
} catch (e) {
  failed++;
  console.error('FAIL: ' + e.stack);
} finally {
  await browser.close();
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
