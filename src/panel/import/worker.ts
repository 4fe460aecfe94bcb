/**
 * The import worker's entry (dist/<browser>/import-worker.js, loaded from the extension's own files): a HAR file is
 * read and analysed here, off the panel's main thread, however large it is. The same file serves as the reading
 * worker this one starts for each import (scanner.ts): its first message says which it is.
 */
import { type ScannerPort, createImportHandler } from './handler.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { type FromScanner, type ToScanner, createScanner } from './scanner.js';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker | ToScanner>) => void) | null;
  postMessage(message: FromWorker | FromScanner): void;
  location: { href: string };
}

const scope = globalThis as unknown as WorkerScope;

function scannerWorker(): ScannerPort {
  const worker = new Worker(scope.location.href);
  return {
    send: (message) => worker.postMessage(message),
    listen(fn) {
      worker.onmessage = (e: MessageEvent<FromScanner>) => fn(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        fn(null);
      };
    },
    close: () => worker.terminate(),
  };
}

/** A second thread where the browser gives workers one (Chromium and Firefox do); else both halves run here. */
const spawnScanner = typeof Worker === 'function' ? scannerWorker : undefined;
let receive: ((message: ToWorker | ToScanner) => void) | undefined;
scope.onmessage = ({ data }) => {
  if (!receive) {
    if (data.type === 'scan') {
      const scanner = createScanner((m) => scope.postMessage(m));
      receive = (m) => scanner.receive(m as ToScanner);
    } else {
      const handler = createImportHandler((m) => scope.postMessage(m), spawnScanner);
      receive = (m) => handler.receive(m as ToWorker);
    }
  }
  receive(data);
};
