/**
 * The filter box with its suggestions (an ARIA combobox: ↑/↓ choose, Enter or Tab accept, Escape closes the list and
 * a second Escape clears the box), and the count beside it.
 */
import { useRef, useState } from 'preact/hooks';
import { useStore } from '../context.js';
import { countText, parseFilter } from '../filter.js';
import { type Suggestion, suggest } from '../suggest.js';

const LIST_ID = 'filter-suggestions';

export function FilterBox({ placeholder }: { placeholder: string }) {
  const store = useStore();
  const input = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const text = store.filter.value;
  const list = open ? suggest(text, caret, store.report.value.tokens, store.at.peek()) : [];
  const current = list.length ? Math.min(active, list.length - 1) : -1;

  const track = (el: HTMLInputElement) => setCaret(el.selectionStart ?? el.value.length);

  function accept(s: Suggestion) {
    store.filter.value = s.text;
    // The text and the caret go in now, in the key's own handler: keys typed before the next render (a busy machine)
    // land after the accepted text. Moved later, the caret went back under keys already typed ("status:014").
    const el = input.current;
    if (el) {
      el.value = s.text;
      el.setSelectionRange(s.caret, s.caret);
    }
    setCaret(s.caret);
    setActive(0);
    setOpen(true);
  }

  function onKeyDown(e: KeyboardEvent) {
    const el = e.currentTarget as HTMLInputElement;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.altKey) {
      e.preventDefault();
      if (!list.length) {
        track(el);
        setOpen(true);
        setActive(0);
      } else {
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + list.length) % list.length);
      }
    } else if ((e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey)) && current >= 0) {
      e.preventDefault();
      accept(list[current]!);
    } else if (e.key === 'Escape') {
      if (list.length) {
        e.preventDefault();
        setOpen(false);
      } else if (store.filter.value) {
        e.preventDefault();
        store.filter.value = '';
      }
    }
  }

  return (
    <span class="filter-box">
      <input
        ref={input}
        class="filter"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={list.length > 0}
        aria-controls={LIST_ID}
        aria-activedescendant={current >= 0 ? `${LIST_ID}-${current}` : undefined}
        placeholder={placeholder}
        aria-label="Filter tokens"
        aria-keyshortcuts="Control+F /"
        autocomplete="off"
        spellcheck={false}
        value={text}
        onInput={(e) => {
          store.filter.value = e.currentTarget.value;
          track(e.currentTarget);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End')
            track(e.currentTarget);
        }}
        onClick={(e) => track(e.currentTarget)}
        onBlur={() => setOpen(false)}
      />
      <ul id={LIST_ID} role="listbox" aria-label="Filter suggestions" class="suggestions" hidden={!list.length}>
        {list.map((s, i) => (
          <li
            key={s.text}
            id={`${LIST_ID}-${i}`}
            role="option"
            aria-selected={i === current}
            // The box keeps the focus: a click on an option must not blur it first.
            onMouseDown={(e) => {
              e.preventDefault();
              accept(s);
            }}
            onMouseMove={() => i !== current && setActive(i)}
          >
            {s.label}
            {s.count !== undefined && <span class="n">{s.count}</span>}
          </li>
        ))}
      </ul>
    </span>
  );
}

/** "13 tokens · 14 requests", and "shown / total" of each while the filter hides some. */
export function FilterCount() {
  const store = useStore();
  const filtered = parseFilter(store.filter.value).length > 0;
  return (
    <span class="count" aria-live="polite">
      {countText(store.report.value, store.tokens.value, filtered)}
    </span>
  );
}
