/**
 * What `scan` and the Node API accept, as CI and test suites leave it: HAR files, gzipped HARs, Playwright's
 * `recordHar` zip (a HAR and the bodies it attached), directories of them and glob patterns; and reading any of
 * them as a stream of bytes, with Playwright's attached bodies (`content._file`) put back into their entries.
 * Node only: the core reads bytes and knows nothing of files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { glob, isDynamicPattern } from 'tinyglobby';
import yauzl from 'yauzl';
import { MAX_FIELD_CHARS } from '../core/util/limits.js';
import { HarEntryReader, HarFormatError } from '../core/har/reader.js';
import { isPlainObject } from '../core/util/json.js';

type InputKind = 'har' | 'gzip' | 'zip';

/** One HAR to read: a file, a gzipped file, or one `.har` inside a zip; `name` is how reports and messages call it. */
export interface Input {
  path: string;
  kind: InputKind;
  /** The HAR's name inside the zip. */
  member?: string;
  name: string;
}

/** What a directory is searched for (at any depth). */
const IN_DIRECTORIES = ['**/*.har', '**/*.har.gz', '**/*.zip'];

function kindOf(file: string): InputKind {
  const lower = file.toLowerCase();
  return lower.endsWith('.gz') ? 'gzip' : lower.endsWith('.zip') ? 'zip' : 'har';
}

/** How a file that could not be read is named to the user. */
function readFailure(file: string, err: unknown): string {
  if (err instanceof HarFormatError) return `${file}: ${err.message}`;
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (err as Error).message;
  return `cannot read ${file}: ${why}`;
}

/** An input to read, or one line saying why a file named or found is not read. */
export type Expanded = Input | { skipped: string };

/**
 * The HARs named by the arguments, in order and each once: a directory gives its HARs, `.har.gz` and `.zip` files
 * (sorted, so that a report does not depend on the file system's order); a pattern that names no existing file is
 * expanded as a glob (CI YAML and quoted shell words pass them unexpanded); a zip gives each `.har` in it.
 * What cannot be used is said in its place, and the rest go on.
 */
export async function expandInputs(args: readonly string[]): Promise<Expanded[]> {
  const out: Expanded[] = [];
  const seen = new Set<string>();
  const addFile = async (file: string) => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    const kind = kindOf(file);
    if (kind !== 'zip') {
      out.push({ path: file, kind, name: file });
      return;
    }
    try {
      const hars = await harsInZip(file);
      if (!hars.length)
        out.push({ skipped: `${file}: no .har file in this zip (a Playwright trace rather than a recorded HAR?)` });
      for (const member of hars)
        out.push({ path: file, kind, member, name: hars.length > 1 ? `${file}:${member}` : file });
    } catch (err) {
      out.push({ skipped: zipFailure(file, err) });
    }
  };
  for (const arg of args) {
    if (arg === '-') {
      out.push({ path: '-', kind: 'har', name: '-' });
      continue;
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(arg);
    } catch {
      // Named but unreadable: the reader says why in its own words, as for a file that vanishes mid-scan.
      if (!isDynamicPattern(arg)) {
        await addFile(arg);
        continue;
      }
    }
    if (stat?.isDirectory()) {
      const found = (
        await glob(IN_DIRECTORIES, {
          cwd: arg,
          onlyFiles: true,
          expandDirectories: false,
          followSymbolicLinks: false,
          caseSensitiveMatch: false,
        })
      ).sort();
      if (!found.length) out.push({ skipped: `${arg}: no .har, .har.gz or .zip file in this directory` });
      for (const f of found) await addFile(path.join(arg, f));
    } else if (stat) await addFile(arg);
    else {
      const found = (await glob(arg, { onlyFiles: true, expandDirectories: false })).sort();
      if (!found.length) out.push({ skipped: `${arg}: no file matches this pattern` });
      for (const f of found) await addFile(f);
    }
  }
  return out;
}

function zipFailure(file: string, err: unknown): string {
  if ((err as NodeJS.ErrnoException).code) return readFailure(file, err);
  return `${file}: not a zip file that can be read (${(err as Error).message})`;
}

/** The `.har` files in a zip, as its central directory lists them (nothing is inflated). */
async function harsInZip(file: string): Promise<string[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  try {
    const hars: string[] = [];
    for await (const entry of zip.eachEntry())
      if (entry.fileName.toLowerCase().endsWith('.har')) hars.push(entry.fileName);
    return hars;
  } finally {
    zip.close();
  }
}

/** An attached body, or why it was not read. */
type Attached = { text: string } | { note: string };

interface Opened {
  chunks: AsyncIterable<Uint8Array>;
  /** The body Playwright attached under this name, read when no larger than a body the reader would read. */
  attached: (name: string) => Promise<Attached>;
  close: () => void;
}

const tooLarge = (name: string, bytes: number) => ({
  note: `attached body ${name} is ${Math.round(bytes / 1e6)} MB, too large to search for tokens; not read`,
});

/** Opens an input as bytes, decompressed as they arrive (a HAR may be larger than memory). */
async function open(input: Input): Promise<Opened> {
  if (input.path === '-')
    return {
      chunks: process.stdin,
      attached: async (name) => ({ note: `attached body ${name} cannot be found for standard input; not read` }),
      close: () => undefined,
    };
  if (input.kind !== 'zip') {
    const file = fs.createReadStream(input.path, { highWaterMark: 1 << 20 });
    // Reading starts on first pull: a missing file fails here, with the reader's own message, not later.
    await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
    const dir = path.dirname(input.path);
    // pipeline, not pipe: a read error after opening reaches the inflater, and so the loop reading it.
    const chunks = input.kind === 'gzip' ? pipeline(file, zlib.createGunzip(), () => undefined) : file;
    return {
      chunks,
      attached: async (name) => {
        let handle: fs.promises.FileHandle | undefined;
        try {
          handle = await fs.promises.open(path.join(dir, name), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
          const stat = await handle.stat();
          if (!stat.isFile()) return { note: `attached body ${name} is not a file; not read` };
          if (stat.size > MAX_FIELD_CHARS) return tooLarge(name, stat.size);
          // No more than the size said, should the file grow while it is read.
          const bytes = Buffer.alloc(stat.size);
          const { bytesRead } = await handle.read(bytes, 0, stat.size, 0);
          return { text: bytes.toString('utf8', 0, bytesRead) };
        } catch (err) {
          return {
            note: `attached body ${name} ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing beside the HAR' : `cannot be read (${(err as Error).message})`}; not read`,
          };
        } finally {
          await handle?.close();
        }
      },
      close: () => file.destroy(),
    };
  }
  const zip = await yauzl.openPromise(input.path, { lazyEntries: true, autoClose: false });
  const members = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) members.set(entry.fileName, entry);
  } catch (err) {
    zip.close();
    throw err;
  }
  const har = members.get(input.member ?? '');
  if (!har) {
    zip.close();
    throw new HarFormatError(`${input.member ?? ''} is not in this zip`);
  }
  const unsupported = (entry: yauzl.Entry) =>
    entry.isEncrypted()
      ? 'it is encrypted'
      : entry.canDecodeFileData()
        ? null
        : `its compression method (${entry.compressionMethod}) is not supported`;
  const why = unsupported(har);
  if (why) {
    zip.close();
    throw new HarFormatError(`${har.fileName} in this zip cannot be read: ${why}`);
  }
  const dir = path.posix.dirname(har.fileName);
  return {
    chunks: await zip.openReadStreamPromise(har),
    attached: async (name) => {
      const entry = members.get(dir === '.' ? name : `${dir}/${name}`);
      if (!entry) return { note: `attached body ${name} is missing from the zip; not read` };
      const cannot = unsupported(entry);
      if (cannot) return { note: `attached body ${name} cannot be read: ${cannot}` };
      if (entry.uncompressedSize > MAX_FIELD_CHARS) return tooLarge(name, entry.uncompressedSize);
      try {
        // The size above is the zip's word for it; yauzl checks it while inflating, so a lying entry fails here.
        const stream = await zip.openReadStreamPromise(entry);
        const parts: Buffer[] = [];
        for await (const part of stream) parts.push(part as Buffer);
        return { text: Buffer.concat(parts).toString('utf8') };
      } catch (err) {
        return { note: `attached body ${name} cannot be read (${(err as Error).message}); not read` };
      }
    },
    close: () => zip.close(),
  };
}

/** Where Playwright puts a body it attached instead of inlining: the response's content, or the request's postData. */
function attachedNames(entry: Record<string, unknown>): Array<{ holder: Record<string, unknown>; name: string }> {
  const out: Array<{ holder: Record<string, unknown>; name: string }> = [];
  const response = isPlainObject(entry.response) ? entry.response : {};
  const request = isPlainObject(entry.request) ? entry.request : {};
  for (const holder of [response.content, request.postData]) {
    if (isPlainObject(holder) && typeof holder._file === 'string' && typeof holder.text !== 'string')
      out.push({ holder, name: holder._file });
  }
  return out;
}

/** Where an input's entries go: each entry's text (as `HarEntryReader`'s `onText` gives it) and each note. */
export interface InputSink {
  text: (text: string, skim: boolean) => void;
  note: (text: string) => void;
  /** Awaited after each chunk: lets a consumer that is behind hold the reading back. */
  drain?: () => Promise<void>;
}

/**
 * Reads one input into `sink`, entry by entry. An entry whose body Playwright attached gets it back as
 * `content.text` (a plain file name beside the HAR or in its zip, never a path) and goes through the reader
 * once more, so that it is found, elided or skimmed exactly as the same entry with its body inline would be.
 * Throws a `HarFormatError` (or a file system error) when the input cannot be read; the entries before it stay given.
 */
export async function readInput(input: Input, sink: InputSink): Promise<void> {
  let opened: Opened | undefined;
  // Entries leave in the file's order: an entry waiting for its attachment holds back those after it.
  const queue: Array<(() => void) | Promise<() => void>> = [];
  const flush = async () => {
    for (const item of queue.splice(0)) (typeof item === 'function' ? item : await item)();
  };
  const inline = async (from: Opened, text: string, index: number): Promise<() => void> => {
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      return () => sink.text(text, false); // the consumer's parse says what is wrong with it
    }
    const notes: string[] = [];
    for (const { holder, name } of attachedNames(isPlainObject(entry) ? entry : {})) {
      if (name !== path.basename(name) || name === '..' || name.includes('\\')) {
        notes.push(`${input.name}: entry #${index + 1}: attached body "${name}" is not a plain file name; not read`);
        continue;
      }
      const got = await from.attached(name);
      if ('text' in got) holder.text = got.text;
      else notes.push(`${input.name}: entry #${index + 1}: ${got.note}`);
    }
    const again: Array<[string, boolean]> = [];
    new HarEntryReader(() => undefined, { onText: (t, skim) => again.push([t, skim]) }).push(
      new TextEncoder().encode(`{"log":{"entries":[${JSON.stringify(entry)}]}}`),
    );
    return () => {
      for (const n of notes) sink.note(n);
      for (const [t, skim] of again) sink.text(t, skim);
    };
  };
  try {
    opened = await open(input);
    const from = opened;
    const reader = new HarEntryReader(() => undefined, {
      onNote: (t) => queue.push(() => sink.note(`${input.name}: ${t}`)),
      onText: (text, skim, index) =>
        queue.push(text.includes('"_file"') ? inline(from, text, index) : () => sink.text(text, skim)),
    });
    for await (const chunk of opened.chunks) {
      reader.push(chunk as Uint8Array);
      await flush();
      await sink.drain?.();
    }
    reader.end();
    await flush();
  } catch (err) {
    await flush().catch(() => undefined);
    if (err instanceof HarFormatError) throw new HarFormatError(`${input.name}: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new HarFormatError(`${input.name}: the gzip data cannot be read (${(err as Error).message})`);
    throw new HarFormatError(readFailure(input.name, err));
  } finally {
    opened?.close();
  }
}
