/**
 * Canvas benchmark: opens the largest template in Debian's Chromium against `netwright serve`,
 * and drags one of its nodes, printing time-to-interactive and frame times. The same steps on a
 * small template (LeNet-5) are the baseline measured in the same run, so the ratios say what the
 * big graph costs on this machine; nothing passes or fails on absolute times.
 *
 * Run: `npx tsx test/bench/canvas.ts` (or through test/bench/run.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { callApi } from '../e2e/support/api.ts';
import { ensureRendererBuilt, repoRoot, startNetwright } from '../e2e/support/server.ts';
import { fmt, median, ratio } from './measure.ts';
import type { BenchTable } from './measure.ts';

interface TemplateEntry {
  file: string;
  title: string;
}

interface Measured {
  title: string;
  nodes: number;
  interactiveMs: number;
  frames: number;
  medianFrameMs: number;
  p95FrameMs: number;
  worstFrameMs: number;
  dropCommitMs: number;
  layoutMs: number;
}

const DRAG_STEPS = 90;

function templates(): {
  largest: TemplateEntry & { nodes: number };
  small: TemplateEntry & { nodes: number };
} {
  const dir = join(repoRoot, 'templates');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as
    TemplateEntry[] | { templates: TemplateEntry[] };
  const list = (Array.isArray(index) ? index : index.templates).map((t) => ({
    ...t,
    nodes: (JSON.parse(readFileSync(join(dir, t.file), 'utf8')) as { nodes: unknown[] }).nodes
      .length,
  }));
  const largest = list.reduce((a, b) => (b.nodes > a.nodes ? b : a));
  const small =
    list.find((t) => t.file === 'lenet5.json') ??
    list.reduce((a, b) => (b.nodes < a.nodes ? b : a));
  return { largest, small };
}

/** Records the time between animation frames from now until `stop` is called in the page. */
async function startFrameRecorder(page: Page): Promise<void> {
  // A string, not a function: tsx's name-keeping helper does not exist inside the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

async function stopFrameRecorder(page: Page): Promise<number[]> {
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames;
  });
  return stamps.slice(1).map((t, i) => t - (stamps[i] as number));
}

async function measure(
  page: Page,
  url: string,
  template: TemplateEntry & { nodes: number },
): Promise<Measured> {
  await page.goto(url);
  await page.getByTestId('status-bar').getByText('Browser mode').waitFor();
  const confirm = page.getByTestId('confirm-dialog');
  if (await confirm.isVisible())
    await confirm.getByRole('button', { name: /Discard|Don't save/ }).click();

  await page.getByTestId('open-gallery').click();
  const card = page.getByTestId(`template-${template.file.replace(/\.json$/, '')}`);
  await card.waitFor();
  // Time-to-interactive: from the click until every node is drawn and measured (React Flow
  // shows a node only once it has measured it) and the page answers a frame.
  const started = await page.evaluate(() => performance.now());
  await card.click();
  const ready = await page.evaluate(async (count) => {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node-layer');
      if (nodes.length === count && [...nodes].every((n) => n.style.visibility !== 'hidden')) {
        return performance.now();
      }
    }
  }, template.nodes);
  const interactiveMs = ready - started;

  // Drag the first layer on screen by its header, slowly, recording every frame.
  const header = page.locator('.react-flow__node-layer .layer-node__header').first();
  const box = await header.boundingBox();
  if (!box) throw new Error('No node on screen to drag.');
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await startFrameRecorder(page);
  for (let i = 1; i <= DRAG_STEPS; i++) {
    await page.mouse.move(from.x + i * 3, from.y + Math.sin(i / 8) * 40);
  }
  const frames = await stopFrameRecorder(page);
  const beforeDrop = await page.evaluate(() => performance.now());
  await page.mouse.up();
  const dropped = await page.evaluate(
    () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
  );

  // Auto-layout of the whole graph (ELK), until the status bar says it is done.
  const layoutStart = await page.evaluate(() => performance.now());
  await page.keyboard.press('ControlOrMeta+Shift+L');
  const busy = page.getByTestId('status-busy');
  await busy.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
  await busy.waitFor({ state: 'hidden', timeout: 120_000 });
  const layoutMs = (await page.evaluate(() => performance.now())) - layoutStart;

  const sorted = [...frames].sort((a, b) => a - b);
  return {
    title: template.title,
    nodes: template.nodes,
    interactiveMs,
    frames: frames.length,
    medianFrameMs: median(frames),
    p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    worstFrameMs: sorted.at(-1) ?? 0,
    dropCommitMs: dropped - beforeDrop,
    layoutMs,
  };
}

export async function run(): Promise<BenchTable[]> {
  ensureRendererBuilt();
  const { largest, small } = templates();
  const server = await startNetwright();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const results: Measured[] = [];
    for (const template of [small, largest]) {
      // The previous page's autosave would greet this one with a recovery prompt.
      await callApi('recovery.clear', {}, server);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      results.push(await measure(page, server.url, template));
      await page.close();
    }
    const [base, big] = results as [Measured, Measured];
    const row = (m: Measured) => [
      m.title,
      String(m.nodes),
      fmt(m.interactiveMs),
      String(m.frames),
      fmt(m.medianFrameMs),
      fmt(m.p95FrameMs),
      fmt(m.worstFrameMs),
      fmt(m.dropCommitMs),
      fmt(m.layoutMs),
    ];
    return [
      {
        title: 'Canvas in Chromium (1280×800): open a template, drag a node, auto-layout',
        columns: [
          'template',
          'nodes',
          'TTI ms',
          'frames',
          'frame p50 ms',
          'p95 ms',
          'worst ms',
          'drop ms',
          'layout ms',
        ],
        rows: [
          row(base),
          row(big),
          [
            'ratio',
            ratio(big.nodes, base.nodes),
            ratio(big.interactiveMs, base.interactiveMs),
            '',
            ratio(big.medianFrameMs, base.medianFrameMs),
            ratio(big.p95FrameMs, base.p95FrameMs),
            '',
            ratio(big.dropCommitMs, base.dropCommitMs),
            ratio(big.layoutMs, base.layoutMs),
          ],
        ],
        notes: [
          'TTI: click on the template card → every node drawn and measured, next frame painted.',
          `Drag: ${DRAG_STEPS} pointer moves on a node; frame times are gaps between animation frames (16.7 ms = 60 fps).`,
          'Drop: pointer up → next frame, with the move committed as one undo step.',
          'Layout: ELK layered, then fit; includes loading ELK the first time in a page.',
        ],
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

// Standalone: `npx tsx test/bench/canvas.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const table of await run()) {
    console.log(`\n${table.title}`);
    console.log(table.columns.join(' | '));
    for (const r of table.rows) console.log(r.join(' | '));
    for (const note of table.notes ?? []) console.log(`  ${note}`);
  }
}
