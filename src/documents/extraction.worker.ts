/** The extraction worker: one task at a time from the pool, text or a typed failure back. */
import { parentPort } from 'node:worker_threads';
import { ExtractionError, type ExtractionReply, type ExtractionTask } from './extraction.types.js';
import { extractText } from './text.extractors.js';

const port = parentPort;
if (!port) throw new Error('extraction.worker must run as a worker thread');

port.on('message', async (task: ExtractionTask) => {
  let reply: ExtractionReply;
  try {
    const extracted = await extractText(task.format, task.bytes, task.limits);
    reply = { id: task.id, ok: true, text: extracted.text, pages: extracted.pages };
  } catch (error) {
    reply =
      error instanceof ExtractionError
        ? { id: task.id, ok: false, reason: error.reason, message: error.message }
        : { id: task.id, ok: false, reason: 'corrupt', message: `the file cannot be read (${(error as Error).message ?? String(error)})` };
  }
  port.postMessage(reply);
});
