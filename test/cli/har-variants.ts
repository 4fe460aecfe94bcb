/**
 * The shapes CI and test suites leave a HAR in, made at test time from one realistic capture: gzipped, Playwright's
 * `recordHar` zip (the HAR as `har.har` beside the bodies it attached) and `content: 'attach'` (each body in a file
 * named by its SHA-1 beside the HAR, `response.content._file`). A scan of any of them must equal the plain HAR's.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const HAR = 'test/fixtures/sharepoint-addin.har';

interface ZipMember {
  name: string;
  data: Buffer;
  /** 8: deflate (what Playwright writes), 0: stored, anything else: a method the reader must refuse. */
  method?: number;
  encrypted?: boolean;
}

/** 1980-01-01, the first day a zip can name. */
const DOS_DATE = (1 << 5) | 1;

/** A zip file (APPNOTE 6.3: local headers, then the central directory), small enough to write here and read back. */
export function zip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const method = m.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(m.data) : m.data;
    const name = Buffer.from(m.name);
    const crc = zlib.crc32(m.data);
    const flags = (m.encrypted ? 1 : 0) | 0x800; // bit 11: the name is UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(m.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The HAR with each response body moved out to a file, as Playwright's `content: 'attach'` records it. */
export function attachMode(harText: string): { har: string; bodies: Map<string, Buffer> } {
  const har = JSON.parse(harText) as { log: { entries: Array<{ response?: { content?: Record<string, unknown> } }> } };
  const bodies = new Map<string, Buffer>();
  for (const entry of har.log.entries) {
    const content = entry.response?.content;
    if (!content || typeof content.text !== 'string' || !content.text) continue;
    const data = Buffer.from(content.text, content.encoding === 'base64' ? 'base64' : 'utf8');
    const ext = String(content.mimeType).includes('json') ? 'json' : 'html';
    const file = `${crypto.createHash('sha1').update(data).digest('hex')}.${ext}`;
    bodies.set(file, data);
    delete content.text;
    delete content.encoding;
    content._file = file;
  }
  return { har: JSON.stringify(har, null, 2), bodies };
}

export interface Variants {
  plain: string;
  gzip: string;
  zip: string;
  attach: string;
}

/** Writes the plain HAR and its three variants under `dir`, each in a folder of its own; returns their paths. */
export function writeVariants(dir: string): Variants {
  const text = fs.readFileSync(HAR, 'utf8');
  const at = (...parts: string[]) => {
    const p = path.join(dir, ...parts);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    return p;
  };
  const plain = at('plain', 'addin.har');
  fs.writeFileSync(plain, text);
  const gzip = at('gzip', 'addin.har.gz');
  fs.writeFileSync(gzip, zlib.gzipSync(text));
  const attached = attachMode(text);
  const attach = at('attach', 'addin.har');
  fs.writeFileSync(attach, attached.har);
  for (const [name, data] of attached.bodies) fs.writeFileSync(at('attach', name), data);
  const zipPath = at('zip', 'addin.zip');
  fs.writeFileSync(
    zipPath,
    zip([
      ...[...attached.bodies].map(([name, data]) => ({ name, data })),
      { name: 'har.har', data: Buffer.from(attached.har) },
    ]),
  );
  return { plain, gzip, zip: zipPath, attach };
}
