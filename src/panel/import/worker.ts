/**
 * The import worker's entry (dist/<browser>/import-worker.js, loaded from the extension's own files): a HAR file is
 * read and analysed here, off the panel's main thread, however large it is.
 */
import { createImportHandler } from './handler.js';
import type { FromWorker, ToWorker } from './protocol.js';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
const handler = createImportHandler((m) => scope.postMessage(m));
scope.onmessage = (e) => handler.receive(e.data);
