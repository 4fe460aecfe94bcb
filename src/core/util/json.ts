/** A JSON object: not null, not an array (what `typeof v === 'object'` alone lets through). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses text that should hold a JSON object; anything else (an array, a number, broken JSON) is null. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  const t = text.trimStart();
  if (!t.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}
