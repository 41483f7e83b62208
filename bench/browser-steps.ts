/**
 * Benchmark steps that run in Chromium against browser mode: opening the long book, scrolling it, and
 * creating highlights in it (while it is still loading and after).
 *
 * Every page gets a long-task observer before any of its scripts run, so a step can ask which main
 * thread tasks took longer than 50 ms and when.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { ScholiaWindow } from '../tests/support/page-globals';
import { summarize } from './support/generate';

const OPEN_RUNS = 7;
const CREATE_RUNS = 40;
const SCROLL_FRAMES = 200;
/** Pixels scrolled per frame: about two lines of text, a brisk skim through the book. */
const SCROLL_STEP_PX = 60;
/** How long to wait for `scholia:open-complete` before taking the text as complete anyway. */
const COMPLETE_TIMEOUT_MS = 20_000;

type Summary = ReturnType<typeof summarize>;

/** Long tasks and phase marks seen while opening the book, over every run. */
export interface OpenReport {
  /** `scholia:open`: click until the first frame with the text and its highlights was painted. */
  open: Summary;
  /** Click until every block and highlight is in the view (`scholia:open-complete`, when marked). */
  complete: Summary;
  /** Per run, the longest main-thread task that ran after the first paint (0 when none passed 50 ms). */
  longestTaskAfterPaint: Summary;
  /** Per run, how many tasks over 50 ms ran after the first paint. */
  longTasksAfterPaint: Summary;
  /**
   * Per run, the most CPU time one main-thread task used after the first paint (from a trace). On a
   * busy machine a task's wall time includes time the renderer waited for a CPU; this does not.
   */
  longestTaskCpuAfterPaint: Summary;
  /** Per run, each phase mark's time since `scholia:open-start`. */
  phases: Record<string, Summary>;
  /** Highlight elements in the text once complete. */
  marksDrawn: number;
  /** Key press until drawn, for a highlight made right after the first paint (while loading). */
  createWhileLoading: Summary;
}

/** Frame times while scrolling the book by `scrollBy` once per animation frame. */
export interface ScrollReport {
  /** Time between consecutive animation frames. */
  interval: Summary;
  /** Main-thread time of each frame: from its animation-frame callback until its rendering task ended. */
  work: Summary;
  /** Frames that came more than 1.5 display frames after the one before. */
  dropped: number;
}

/** Everything measured in the browser. */
export interface BrowserReport {
  open: OpenReport;
  scroll: ScrollReport;
  create: Summary;
  createApi: Summary;
}

/** An init script recording every main-thread task over 50 ms in `window.__longTasks`. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

interface LongTask {
  start: number;
  duration: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Starts tracing the page's main-thread tasks and user-timing marks. */
async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const collect = (batch: { value: object[] }): void => {
    // Trace events are untyped JSON; these fields are the ones Chromium's trace format defines.
    events.push(...(batch.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    categories: 'disabled-by-default-devtools.timeline,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
    return events;
  };
}

/** The most thread (CPU) time, in ms, one main-thread task of the page used after mark `after`. */
function longestTaskCpu(events: readonly TraceEvent[], after: string): number {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mark = events.find((e) => e.name === after && e.pid === main?.pid);
  if (main === undefined || mark === undefined) return NaN;
  let longest = 0;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || e.pid !== main.pid || e.tid !== main.tid) continue;
    if (e.ts + (e.dur ?? 0) > mark.ts) longest = Math.max(longest, (e.tdur ?? 0) / 1000);
  }
  return Math.round(longest * 10) / 10;
}

/** A highlight made by key press: how long until it was drawn, and the passage selected for it. */
interface MadeHighlight {
  duration: number;
  passage: string;
}

/**
 * Selects characters 1–40 of the first text in paragraph `index` of the text, and presses H.
 * Resolves to null when that paragraph has too little text, or no highlight was drawn in 5 s.
 */
async function highlightByKey(page: Page, index: number): Promise<MadeHighlight | null> {
  return page.evaluate(async (blockIndex) => {
    const root = document.querySelector('[data-testid="reader-text"]');
    const blocks = root === null ? [] : Array.from(root.querySelectorAll('p'));
    const block = blocks[blockIndex % Math.max(1, blocks.length)];
    const walker = document.createTreeWalker(block ?? document.body, NodeFilter.SHOW_TEXT);
    const node = walker.nextNode();
    if (node === null || (node.textContent ?? '').length < 12) return null;
    const range = document.createRange();
    range.setStart(node, 1);
    range.setEnd(node, Math.min((node.textContent ?? '').length - 1, 40));
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    const passage = range.toString().trim();
    const before = performance.getEntriesByName('scholia:highlight-created', 'mark').length;
    const started = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'h', bubbles: true }));
    for (;;) {
      const marks = performance.getEntriesByName('scholia:highlight-created', 'mark');
      if (marks.length > before)
        return { duration: (marks[marks.length - 1]?.startTime ?? started) - started, passage };
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (performance.now() - started > 5000) return null;
    }
  }, index);
}

/** Throws unless the document's annotations include one quoting each of `passages`. */
async function expectQuoted(page: Page, passages: readonly string[]): Promise<void> {
  const quotes = await page.evaluate(async () => {
    const { scholia } = globalThis as unknown as ScholiaWindow;
    const [doc] = await scholia.listDocuments({});
    return doc === undefined
      ? []
      : (await scholia.listAnnotations({ documentId: doc.id })).map((a) => a.selectors[0].exact);
  });
  const known = new Set(quotes);
  const missing = passages.filter((passage) => !known.has(passage));
  if (missing.length > 0)
    throw new Error(`highlights made while loading quote the wrong text: ${JSON.stringify(missing)}`);
}

/** Waits for `scholia:open-complete`; resolves to its time, or null when the build never marks it. */
async function waitForComplete(page: Page): Promise<number | null> {
  const handle = await page.waitForFunction(
    (timeout) => {
      const [complete] = performance.getEntriesByName('scholia:open-complete', 'mark');
      if (complete !== undefined) return { at: complete.startTime };
      const [painted] = performance.getEntriesByName('scholia:open-painted', 'mark');
      return painted !== undefined && performance.now() - painted.startTime > timeout ? { at: null } : false;
    },
    COMPLETE_TIMEOUT_MS,
    { timeout: COMPLETE_TIMEOUT_MS + 5000 },
  );
  return ((await handle.jsonValue()) as { at: number | null }).at;
}

/** Opens the library's only document `OPEN_RUNS` times from a fresh page, measuring each open. */
async function benchOpen(page: Page): Promise<OpenReport> {
  const cdp = await page.context().newCDPSession(page);
  const longestCpu: number[] = [];
  const open: number[] = [];
  const complete: number[] = [];
  const longest: number[] = [];
  const longCount: number[] = [];
  const createWhileLoading: number[] = [];
  const madeWhileLoading: string[] = [];
  const phases = new Map<string, number[]>();
  for (let run = 0; run < OPEN_RUNS; run += 1) {
    await page.reload();
    await page.getByTestId('document-row').first().waitFor();
    await page.evaluate(() => {
      performance.clearMarks();
      performance.clearMeasures();
    });
    const stopTrace = await startTrace(cdp);
    await page.getByTestId('document-row').first().getByTestId('open-document').click();
    const measured = await page.waitForFunction(() => {
      const [measure] = performance.getEntriesByName('scholia:open', 'measure');
      return measure === undefined ? false : measure.duration;
    });
    open.push((await measured.jsonValue()) as number);
    // A reader who starts highlighting at once: the first screen is there, the rest still loading.
    const created = await highlightByKey(page, 3 + run);
    if (created !== null) {
      createWhileLoading.push(created.duration);
      madeWhileLoading.push(created.passage);
    }
    const completeAt = await waitForComplete(page);
    // Tasks still under way when the mark is set are reported a moment later.
    await page.waitForTimeout(300);
    longestCpu.push(longestTaskCpu(await stopTrace(), 'scholia:open-painted'));
    const seen = await page.evaluate(() => ({
      tasks: (window as unknown as { __longTasks: LongTask[] }).__longTasks,
      marks: performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('scholia:open'))
        .map((m) => ({ name: m.name, at: m.startTime })),
    }));
    const at = (name: string): number | undefined => seen.marks.find((m) => m.name === name)?.at;
    const start = at('scholia:open-start') ?? 0;
    const painted = at('scholia:open-painted') ?? 0;
    if (completeAt !== null) complete.push(completeAt - start);
    for (const mark of seen.marks) {
      const list = phases.get(mark.name) ?? [];
      list.push(mark.at - start);
      phases.set(mark.name, list);
    }
    const after = seen.tasks.filter((t) => t.start + t.duration > painted);
    longest.push(Math.max(0, ...after.map((t) => t.duration)));
    longCount.push(after.length);
  }
  const drawn = await page.locator('[data-testid="reader-text"] .hl').count();
  if (drawn === 0) throw new Error('no highlights drawn');
  await expectQuoted(page, madeWhileLoading);
  return {
    open: summarize(open),
    complete: summarize(complete),
    longestTaskAfterPaint: summarize(longest),
    longTasksAfterPaint: summarize(longCount),
    longestTaskCpuAfterPaint: summarize(longestCpu),
    phases: Object.fromEntries([...phases].map(([name, list]) => [name, summarize(list)])),
    marksDrawn: drawn,
    createWhileLoading: summarize(createWhileLoading),
  };
}

/**
 * Scrolls from the middle of the open book by `SCROLL_STEP_PX` each animation frame for
 * `SCROLL_FRAMES` frames. Saves a screenshot of the middle of the book to `screenshot` when given.
 */
async function benchScroll(page: Page, screenshot: string | null): Promise<ScrollReport> {
  await page.evaluate(async () => {
    window.scrollTo(0, document.documentElement.scrollHeight / 2);
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
  });
  if (screenshot !== null) await page.screenshot({ path: screenshot });
  const frames = await page.evaluate(
    async ({ count, step }) => {
      const interval: number[] = [];
      const work: number[] = [];
      const channel = new MessageChannel();
      let frameStart = 0;
      // A message posted in the frame's callback is delivered once the frame's rendering task ends.
      channel.port1.onmessage = () => work.push(performance.now() - frameStart);
      let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < count; i += 1) {
        const now = await new Promise<number>((resolve) =>
          requestAnimationFrame((time) => {
            frameStart = performance.now();
            window.scrollBy(0, step);
            channel.port2.postMessage(null);
            resolve(time);
          }),
        );
        interval.push(now - last);
        last = now;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { interval, work };
    },
    { count: SCROLL_FRAMES, step: SCROLL_STEP_PX },
  );
  const display = Math.min(...frames.interval);
  return {
    interval: summarize(frames.interval),
    work: summarize(frames.work),
    dropped: frames.interval.filter((t) => t > display * 1.5).length,
  };
}

/** Creates `CREATE_RUNS` highlights through the API alone, from existing passages. */
async function benchCreateApi(page: Page): Promise<Summary> {
  const samples = await page.evaluate(async (runs) => {
    const { scholia } = globalThis as unknown as ScholiaWindow;
    const [doc] = await scholia.listDocuments({});
    if (doc === undefined) return [];
    const durations: number[] = [];
    const existing = await scholia.listAnnotations({ documentId: doc.id });
    for (let i = 0; i < runs; i += 1) {
      const source = existing[(i * 97) % existing.length];
      if (source === undefined) break;
      const started = performance.now();
      await scholia.createAnnotation({ documentId: doc.id, selectors: source.selectors, color: 'green' });
      durations.push(performance.now() - started);
    }
    return durations;
  }, CREATE_RUNS);
  return summarize(samples);
}

/**
 * Opens the library's only document, scrolls it, and creates highlights in it by key press and
 * through the API. `screenshot` is a PNG path for a picture of the book scrolled midway, or null;
 * `css` is a style sheet added to the page, or null.
 */
export async function benchBrowser(
  browser: Browser,
  url: string,
  options: { screenshot: string | null; css: string | null },
): Promise<BrowserReport> {
  // Extra CSS is for measuring style variants; the page's policy forbids inline styles otherwise.
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    bypassCSP: options.css !== null,
  });
  try {
    await page.addInitScript(LONG_TASK_OBSERVER);
    if (options.css !== null) {
      await page.addInitScript(
        `document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(options.css)}; document.head.append(s); });`,
      );
    }
    await page.goto(url);
    const open = await benchOpen(page);
    const scroll = await benchScroll(page, options.screenshot);
    await page.evaluate(() => window.scrollTo(0, 0));
    const create: number[] = [];
    for (let run = 0; run < CREATE_RUNS; run += 1) {
      const made = await highlightByKey(page, run * 7);
      if (made !== null) create.push(made.duration);
    }
    const createApi = await benchCreateApi(page);
    return { open, scroll, create: summarize(create), createApi };
  } finally {
    await page.close();
  }
}
