/**
 * The citeproc worker: formats references on a worker thread, so that citeproc's long synchronous calls
 * (loading a style, sorting and formatting a bibliography: seconds for a large library) never hold the
 * event loop of the process that serves the library (the app's main process, the browser-mode server).
 * Started by `citeproc-thread.ts`; each request carries the style's (and locale's) XML, registered here
 * when new or changed.
 */
import { parentPort } from 'node:worker_threads';
import { cslLocaleXml, formatReferences, registerCslLocale, registerCslStyle } from './citation-js';
import type { CiteprocReply, CiteprocRequest } from './citeproc-messages';

const port = parentPort;
if (port === null) throw new Error('citeproc-worker.ts runs only as a worker thread.');

port.on('message', (request: CiteprocRequest) => {
  let reply: CiteprocReply;
  try {
    registerCslStyle(request.style, request.styleXml);
    if (request.localeXml !== null && cslLocaleXml(request.lang) !== request.localeXml)
      registerCslLocale(request.lang, request.localeXml);
    const formatted = formatReferences(request.items, request.style, request.lang, request.cites);
    reply = {
      id: request.id,
      ok: true,
      order: formatted.order,
      entries: [...formatted.entries],
      citations: [...formatted.citations],
      located: [...formatted.located],
    };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
