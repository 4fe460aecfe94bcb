// A node:test reporter that writes one short paragraph per failed test (its file, name and the start of its error)
// to its destination. scripts/e2e.mjs prints them after the run, so that a CI log cut to its head and tail still
// says what failed and why.
import path from 'node:path';

const ERROR_CHARS = 600;

export default async function* failureDigest(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail' || event.data.details?.type === 'suite') continue;
    const { name, file, details } = event.data;
    const error = details?.error;
    const cause = error?.cause ?? error;
    const text = String(cause?.message ?? cause ?? 'failed').replace(/\s+/g, ' ');
    yield `- ${file ? path.basename(file) : '?'}: ${name}\n    ${text.slice(0, ERROR_CHARS)}${text.length > ERROR_CHARS ? '…' : ''}\n`;
  }
}
