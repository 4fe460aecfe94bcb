import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../src/core/analysis/analyzer.js';
import { decode } from '../../src/core/token/decode.js';
import { readHarBytes } from '../../src/core/har/reader.js';
import { HOSTILE_TOKENS, writeHostileHar, writeManyHar } from '../fixtures/hostile-corpus.mjs';

const dir = fs.mkdtempSync(`${os.tmpdir()}/bearerscope-hostile-`);
function analyzeFile(file: string) {
  const a = new Analyzer();
  readHarBytes(fs.readFileSync(file), (e) => a.add(e));
  return a.report(Date.now());
}

describe('the hostile corpus', () => {
  it('cuts JSON nested 10,000 levels deep to a marker, so it can be printed and exported', () => {
    const d = decode(HOSTILE_TOKENS.deep);
    expect(d.error).toBeNull();
    let v: unknown = d.claims!.nest;
    let depth = 0;
    while (Array.isArray(v)) [v, depth] = [v[0], depth + 1];
    expect(v).toBe('[nested more than 32 levels deep: not shown]');
    expect(depth).toBe(31);
  });

  it('analyses every hostile token and serialises the report', () => {
    const report = analyzeFile(writeHostileHar(dir));
    expect(report.tokens.map((t) => t.id).sort()).toEqual(Object.values(HOSTILE_TOKENS).map(tokenId).sort());
    expect(report.notes).toEqual([]);
    const json = JSON.stringify(report);
    expect(json.length).toBeGreaterThan(1_000_000); // the 1 MB claim is there, whole
    const huge = report.tokens.find((t) => t.id === tokenId(HOSTILE_TOKENS.huge))!;
    expect((huge.claims!.blob as string).length).toBe(1_000_000);
    expect(report.findings.map((f) => f.code)).toContain('oauth-error');
    // "__proto__" and "constructor" stay claims of their own, through decoding, redaction and serialising.
    const proto = report.tokens.find((t) => t.id === tokenId(HOSTILE_TOKENS.proto))!;
    expect(Object.keys(proto.claims!)).toEqual(['__proto__', 'constructor', 'sub', 'exp']);
    expect(json).toContain(
      '"claims":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"sub":"proto"',
    );
  });

  it('reads a HAR of 100,000 entries', () => {
    const report = analyzeFile(writeManyHar(dir));
    expect(report.entries).toBe(100_000);
    expect(report.tokens).toHaveLength(1_000);
    expect(report.tokens[0]!.sightingCount).toBe(10);
  });
});
