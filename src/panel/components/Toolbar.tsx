import { useRef, useState } from 'preact/hooks';
import { KIND_LABELS } from '../../core/token/describe.js';
import type { Kind } from '../../core/model/token.js';
import { plural } from '../../core/util/plural.js';
import { useStore } from '../context.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export.js';
import { saveFile } from '../files.js';
import { hasTerm, toggleTerm } from '../filter.js';
import { LIVE } from '../store/index.js';

/** The shortcut shown in the filter's placeholder and handled in App. */
const FILTER_SHORTCUT = '/ or Ctrl+F';

function Chips() {
  const store = useStore();
  const tokens = store.report.value.tokens;
  const text = store.filter.value;
  const errors = tokens.filter((t) => t.findings.some((f) => f.severity === 'error')).length;
  const warnings = tokens.filter((t) => t.findings.some((f) => f.severity === 'warning')).length;
  const kinds = new Map<Kind, number>();
  for (const t of tokens) kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
  const chip = (term: string, label: string, count: number, cls = '') => (
    <button
      key={term}
      type="button"
      class={`fchip ${cls}`}
      aria-pressed={hasTerm(text, term)}
      onClick={() => (store.filter.value = toggleTerm(store.filter.value, term))}
      title={`Filter: ${term}`}
      data-term={term}
    >
      {label} <span class="n">{count}</span>
    </button>
  );
  return (
    <div class="chips" role="group" aria-label="Quick filters">
      {chip('is:error', 'Errors', errors, 'fchip-error')}
      {chip('is:warning', 'Warnings', warnings, 'fchip-warning')}
      <span class="sep" aria-hidden="true" />
      {[...kinds].map(([k, n]) => chip(`kind:${k}`, KIND_LABELS[k], n, 'fchip-kind'))}
    </div>
  );
}
import { timelineOpen } from './Timeline.js';
import { FilterBox, FilterCount } from './FilterBox.js';

export function Toolbar() {
  const store = useStore();
  const fileInput = useRef<HTMLInputElement>(null);
  const importing = store.importing.value;
  const sessions = store.sessions.value;

  const [format, setFormat] = useState<ExportFormat>('json');

  async function onFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    // The file itself goes to the import worker, which reads it in pieces: the panel never holds all its bytes.
    if (file) await store.importHar(file.name, file);
  }

  async function onExport() {
    const out = await store.exportReport(format);
    saveFile(out.name, out.text, out.type);
  }

  const skipped = store.skipped.value;
  return (
    <header class="toolbar-wrap">
      <div class="toolbar" role="toolbar" aria-label="Bearerscope controls">
        <button
          type="button"
          aria-pressed={store.paused.value}
          onClick={() => store.setPaused(!store.paused.value)}
          title="Stop or resume capturing"
        >
          {store.paused.value ? 'Resume' : 'Pause'}
        </button>
        {store.paused.value && (
          <span class="skipped" role="status" data-skipped={skipped}>
            paused · {plural(skipped, 'request')} skipped
          </span>
        )}
        <button type="button" onClick={() => store.clear()} title="Forget every token captured live so far">
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
        <button
          type="button"
          class="timeline-toggle"
          aria-pressed={timelineOpen.value}
          onClick={() => (timelineOpen.value = !timelineOpen.value)}
          title="Show every token on one time axis"
        >
          Timeline
        </button>
        <label class="check" title="Keep tokens when the page navigates">
          <input
            type="checkbox"
            checked={store.preserveLog.value}
            onChange={(e) => (store.preserveLog.value = e.currentTarget.checked)}
          />{' '}
          Preserve log
        </label>
        <label class="session-pick">
          <span class="offscreen">Session</span>
          <select
            class="sessions"
            value={store.sessionId.value}
            onChange={(e) => store.showSession(e.currentTarget.value)}
            title="Live traffic, or an imported file"
          >
            <option value={LIVE}>Live</option>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <FilterBox
          placeholder={`Filter (${FILTER_SHORTCUT}): text, status:401, host:, kind:, is:error, code:, -exclude`}
        />
        <FilterCount />
        {/* One slot of fixed width for the Import button and, while a file is read, its progress: the toolbar keeps
            its layout during an import. */}
        <span class="import-slot">
          {importing ? (
            <span class="importing" role="status" title={`Reading ${importing.name}`}>
              <progress max={importing.total} value={importing.read} aria-label={`Importing ${importing.name}`} />
              <button type="button" onClick={() => store.cancelImport()}>
                Cancel
              </button>
            </span>
          ) : (
            <button
              type="button"
              onClick={() => fileInput.current?.click()}
              title="Analyse a saved .har file as a session of its own"
            >
              Import HAR
            </button>
          )}
        </span>
        <input
          ref={fileInput}
          class="offscreen"
          type="file"
          tabIndex={-1}
          aria-hidden="true"
          accept=".har,.json,application/json"
          onChange={onFile}
        />
        <span class="export">
          <button
            type="button"
            onClick={() => void onExport()}
            title="Save the report on screen in the chosen format, as bearerscope scan writes it"
          >
            Export
          </button>
          <select
            class="export-format"
            aria-label="Export format"
            value={format}
            onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}
          >
            {EXPORT_FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </span>
        <label
          class="check"
          title="Exports and Copy as cURL leave raw tokens and credential claims out unless this is ticked"
        >
          <input
            type="checkbox"
            checked={store.includeRaw.value}
            onChange={(e) => (store.includeRaw.value = e.currentTarget.checked)}
          />{' '}
          include raw tokens
        </label>
      </div>
      <Chips />
      <SessionBar />
    </header>
  );
}

/** Says which capture is shown and the moment it is judged at. */
function SessionBar() {
  const store = useStore();
  const s = store.session.value;
  if (!s) return null;
  const at =
    s.at === null
      ? 'now (no entry had a readable time)'
      : new Date(s.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
  return (
    <div
      class="session-bar"
      role="status"
      data-session={s.name}
      title="Statuses are judged at the moment of the file's last request; request numbers are the file's own entry numbers"
    >
      <strong>{s.name}</strong>: judged at its capture time, {at} (last request).{' '}
      <button type="button" class="link" onClick={() => store.showSession(LIVE)}>
        Back to live
      </button>
    </div>
  );
}
