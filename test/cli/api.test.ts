import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, HarFormatError, scanHar } from '../../src/cli/api.js';
import { HAR, writeVariants } from './har-variants.js';

const NOW = '2023-11-14T22:30:00Z';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-api-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const v = writeVariants(tmp);
const entries = (JSON.parse(fs.readFileSync(HAR, 'utf8')) as { log: { entries: unknown[] } }).log.entries;

describe('the Node API, reading in the calling thread', () => {
  it('analyze(entries) and scanHar(file) give the same report for the plain HAR and each variant', async () => {
    const fromEntries = await analyze(entries, { now: NOW });
    expect(fromEntries.tokens).toHaveLength(7);
    for (const file of [v.plain, v.gzip, v.zip, v.attach])
      expect(await scanHar(file, { now: Date.parse(NOW) }), file).toEqual(fromEntries);
  });

  it('redacts unless asked to reveal, as the CLI does', async () => {
    const redacted = await analyze(entries, { now: new Date(NOW) });
    const revealed = await analyze(entries, { now: NOW, reveal: true });
    expect(redacted.tokens.every((t) => t.raw === undefined)).toBe(true);
    expect(revealed.tokens.every((t) => typeof t.raw === 'string')).toBe(true);
  });

  it('says each skipped input to onSkip and in the notes, and rejects only when nothing could be read', async () => {
    const missing = path.join(tmp, 'missing.har');
    const skipped: string[] = [];
    const report = await scanHar([missing, v.gzip], { now: NOW, onSkip: (line) => skipped.push(line) });
    expect(skipped).toEqual([`cannot read ${missing}: no such file`]);
    expect(report.notes).toContain(`skipped cannot read ${missing}: no such file`);
    expect(report.tokens).toHaveLength(7);
    await expect(scanHar(missing)).rejects.toThrow(HarFormatError);
    await expect(scanHar(v.plain, { now: 'yesterday' })).rejects.toThrow('now is not a date: yesterday');
  });
});
