import { InvalidArgumentError } from '@modelbus/math-linalg';

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const COMMA = 0x2c;
const QUOTE = 0x22;

/**
 * Byte-level reader of comma-separated lines: no text decoding, no per-line strings. A field is
 * buf[from..to), trimmed of spaces and tabs; a field may be double-quoted ("a, b", "say ""hi""") and is
 * then unescaped into a scratch buffer. Lines end in '\n' (a '\r' before it is dropped); a UTF-8 BOM is
 * skipped. Errors are InvalidArgumentErrors of `field` naming the line.
 *
 *   while (r.nextLine()) while (r.nextField()) use(r.buf, r.from, r.to);
 */
export class CsvReader {
  /** 1-based number of the current line. */
  line = 0;
  buf: Uint8Array;
  from = 0;
  to = 0;
  /** Fields read so far in the current line. */
  fields = 0;
  private pos = 0;
  private lineEnded = true;
  private scratch = new Uint8Array(256);
  private bytes: Uint8Array;
  private atStart = true;

  constructor(
    bytes: Uint8Array,
    private readonly field = 'dataset',
  ) {
    this.bytes = this.buf = bytes;
    this.feed(bytes);
  }

  /**
   * Goes on reading in `bytes`, the next part of the input (streaming): it must start at a line start
   * and end just after a '\n', or be the input's last part. Line numbers go on counting; the BOM is only
   * looked for at the start of the input. No line crosses a '\n' (a quoted item must close on its own
   * line), so reading in such parts gives exactly what reading the whole input does.
   */
  feed(bytes: Uint8Array): void {
    this.bytes = this.buf = bytes;
    this.pos = 0;
    this.lineEnded = true;
    if (this.atStart && bytes.length > 0) {
      this.atStart = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
    }
  }

  /** Moves to the next line (skipping what is left of the current one); false at the end of the input. */
  nextLine(): boolean {
    while (!this.lineEnded) this.nextField();
    if (this.pos >= this.bytes.length) return false;
    this.line++;
    this.fields = 0;
    this.lineEnded = false;
    return true;
  }

  /** Reads the next field of the current line; false once the line has ended. A blank line has no fields. */
  nextField(): boolean {
    if (this.lineEnded) return false;
    const b = this.bytes;
    const n = b.length;
    let p = this.pos;
    while (p < n && (b[p] === SPACE || b[p] === TAB)) p++;
    if (p >= n || b[p] === LF || (b[p] === CR && (p + 1 >= n || b[p + 1] === LF))) {
      this.pos = this.endOfLine(p);
      if (this.fields === 0) return false; // blank line
      this.buf = b;
      this.from = this.to = p; // empty field after a trailing comma
      this.fields++;
      return true;
    }
    if (b[p] === QUOTE) p = this.quoted(p + 1);
    else p = this.unquoted(p);
    // after the field: a comma, or the end of the line
    while (p < n && (b[p] === SPACE || b[p] === TAB)) p++;
    if (p < n && b[p] === COMMA) p++;
    else if (p < n && b[p] !== LF && b[p] !== CR) this.bad(`unexpected character ${show(b[p])} after a quoted item`);
    else p = this.endOfLine(p);
    this.pos = p;
    this.fields++;
    return true;
  }

  /** Throws the InvalidArgumentError for the current line. */
  bad(reason: string): never {
    throw new InvalidArgumentError(this.field, `line ${this.line}: ${reason}`);
  }

  private unquoted(start: number): number {
    const b = this.bytes;
    const n = b.length;
    let p = start;
    for (; p < n; p++) {
      const c = b[p];
      if (c === COMMA || c === LF) break;
      if (c === CR && (p + 1 >= n || b[p + 1] === LF)) break;
      if (c === QUOTE) this.bad('a double quote inside an unquoted item (quote the whole item and double the quote)');
      if (c < SPACE && c !== TAB) this.bad(`control character ${show(c)} in an item`);
    }
    let end = p;
    while (end > start && (b[end - 1] === SPACE || b[end - 1] === TAB)) end--;
    this.buf = b;
    this.from = start;
    this.to = end;
    return p;
  }

  private quoted(start: number): number {
    const b = this.bytes;
    const n = b.length;
    let w = 0;
    for (let p = start; p < n; p++) {
      const c = b[p];
      if (c === QUOTE) {
        if (p + 1 < n && b[p + 1] === QUOTE) p++;
        else {
          this.buf = this.scratch;
          this.from = 0;
          this.to = w;
          return p + 1;
        }
      } else if (c === LF) break;
      else if (c < SPACE && c !== TAB && c !== CR) this.bad(`control character ${show(c)} in an item`);
      if (w === this.scratch.length) {
        const s = new Uint8Array(this.scratch.length * 2);
        s.set(this.scratch);
        this.scratch = s;
      }
      this.scratch[w++] = c;
    }
    return this.bad('unterminated quoted item (a quoted item must close on its own line)');
  }

  /** Position after the line end at p (LF, CR LF, or the end of the input). */
  private endOfLine(p: number): number {
    this.lineEnded = true;
    const b = this.bytes;
    if (p < b.length && b[p] === CR) p++;
    if (p < b.length && b[p] === LF) p++;
    return p;
  }
}

function show(c: number): string {
  return c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * Cuts a stream of byte chunks into parts made of whole lines (each ending just after a '\n'; the last
 * part, given at end(), is whatever follows the last '\n'). Only an incomplete line is buffered (copied),
 * the rest of a chunk is passed on as a view. A part is only valid during the callback.
 */
export class LineChunker {
  private carry = new Uint8Array(1024);
  private carried = 0;

  constructor(private readonly onLines: (part: Uint8Array) => void) {}

  push(chunk: Uint8Array): void {
    const last = chunk.lastIndexOf(LF);
    if (last < 0) {
      this.keep(chunk);
      return;
    }
    let start = 0;
    if (this.carried > 0) {
      start = chunk.indexOf(LF) + 1;
      this.keep(chunk.subarray(0, start));
      this.flush();
    }
    if (start <= last) this.onLines(chunk.subarray(start, last + 1));
    this.keep(chunk.subarray(last + 1));
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    const part = this.carry.subarray(0, this.carried);
    this.carried = 0;
    this.onLines(part);
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.carried + bytes.length > this.carry.length) {
      const c = new Uint8Array(Math.max(2 * this.carry.length, this.carried + bytes.length));
      c.set(this.carry.subarray(0, this.carried));
      this.carry = c;
    }
    this.carry.set(bytes, this.carried);
    this.carried += bytes.length;
  }
}
