/** "1 token", "2 tokens", "1 entry", "3 entries": counts in every message go through here. */
const IRREGULAR: Readonly<Record<string, string>> = { entry: 'entries', time: 'times', match: 'matches' };

export function plural(n: number, noun: string, many?: string): string {
  return `${n} ${n === 1 ? noun : (many ?? IRREGULAR[noun] ?? `${noun}s`)}`;
}
