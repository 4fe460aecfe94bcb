import { useRef } from 'preact/hooks';
import { plural } from '../../core/plural.js';
import { useStore } from '../context.js';
import { saveFile } from '../files.js';
import { timelineOpen } from './Timeline.js';

export function Toolbar() {
  const store = useStore();
  const fileInput = useRef<HTMLInputElement>(null);
  const report = store.report.value;

  async function onFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await store.importHar(file.name, await file.arrayBuffer());
    input.value = '';
  }

  function onExport() {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    saveFile(`bearerscope-${stamp}.json`, store.exportReport());
  }

  return (
    <header class="toolbar" role="toolbar" aria-label="Bearerscope controls">
      <button type="button" aria-pressed={store.paused.value} onClick={() => (store.paused.value = !store.paused.value)} title="Stop or resume capturing">
        {store.paused.value ? 'Resume' : 'Pause'}
      </button>
      <button type="button" onClick={() => store.clear()} title="Forget every token captured so far">
        Clear
      </button>
      {store.canReadStorage && (
        <button
          type="button"
          onClick={() => void store.rescanStorage()}
          disabled={store.storage.value.busy}
          data-storage-time={store.storage.value.time ?? ''}
          title="Read the page's localStorage, sessionStorage and script-readable cookies again (read only; a page can change what its own scripts, and so this read, see)"
        >
          Rescan storage
        </button>
      )}
      <button type="button" class="timeline-toggle" aria-pressed={timelineOpen.value} onClick={() => (timelineOpen.value = !timelineOpen.value)} title="Show every token on one time axis">
        Timeline
      </button>
      <label class="check" title="Keep tokens when the page navigates">
        <input type="checkbox" checked={store.preserveLog.value} onChange={(e) => (store.preserveLog.value = e.currentTarget.checked)} /> Preserve log
      </label>
      <input
        class="filter"
        type="search"
        placeholder="Filter: claim, host, kind, finding"
        aria-label="Filter tokens"
        value={store.filter.value}
        onInput={(e) => (store.filter.value = e.currentTarget.value)}
      />
      <span class="spacer" />
      <span class="count" aria-live="polite">
        {plural(report.tokens.length, 'token')} · {plural(report.entries, 'request')}
      </span>
      <button type="button" onClick={() => fileInput.current?.click()} title="Analyse a saved .har file">
        Import HAR
      </button>
      <input ref={fileInput} class="offscreen" type="file" accept=".har,.json,application/json" aria-label="HAR file to import" onChange={onFile} />
      <button type="button" onClick={onExport} title="Save the report as JSON (the format bearerscope scan --json prints)">
        Export
      </button>
      <label class="check" title="Exports leave raw tokens and credential claims out unless this is ticked">
        <input type="checkbox" checked={store.includeRaw.value} onChange={(e) => (store.includeRaw.value = e.currentTarget.checked)} /> include raw tokens
      </label>
    </header>
  );
}
