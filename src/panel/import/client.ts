/**
 * The panel's end of an import: a Web Worker loaded from the extension's own files (import-worker.js beside
 * panel.html), or, where there is no Worker (unit tests in Node), the same handler run in this thread.
 */
import { createImportHandler } from './handler.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** The worker file esbuild.mjs writes beside panel.html. */
const WORKER_FILE = 'import-worker.js';

export interface ImportPort {
  send(message: ToWorker): void;
  /** Hears the worker's messages, and `null` when it failed (it could not load, or crashed). */
  listen(fn: (message: FromWorker | null) => void): void;
  /** Ends the worker and the analysis it holds. */
  close(): void;
}

export type SpawnImport = () => ImportPort;

function workerPort(): ImportPort {
  const worker = new Worker(WORKER_FILE);
  return {
    send: (message) => worker.postMessage(message),
    listen(fn) {
      worker.onmessage = (e: MessageEvent<FromWorker>) => fn(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        fn(null);
      };
    },
    close: () => worker.terminate(),
  };
}

/** The handler in this thread, its messages delivered as a worker's are: later, never inside the call that sent them. */
export function inThreadPort(): ImportPort {
  let hear: (message: FromWorker | null) => void = () => {};
  let closed = false;
  const handler = createImportHandler((m) => setTimeout(() => closed || hear(m)));
  return {
    send: (message) => setTimeout(() => closed || handler.receive(message)),
    listen: (fn) => void (hear = fn),
    close() {
      closed = true;
      handler.stop();
    },
  };
}

export const spawnImport: SpawnImport = () => (typeof Worker === 'function' ? workerPort() : inThreadPort());
