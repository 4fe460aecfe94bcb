/** "1 request", "2 requests", "0 requests": a count and its noun, for every surface's counts. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
