/**
 * A streaming CSV reader (RFC 4180: comma-separated, cells quoted with `"`, a doubled quote inside a
 * quoted cell, CRLF, LF or CR line ends) that gives each record as an array of cells with the file line it
 * starts on. Imports need exact lines for their problem reports; counting them here, while scanning, is
 * cheaper than recovering them from a general parser's per-record info. A leading byte-order mark is
 * dropped and empty lines are skipped.
 */

/** A record's cells, or what is wrong with it; `line` is the file line the record starts on (1-based). */
export type CsvRecord = { line: number; cells: string[] } | { line: number; error: string };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvReader {
  #decoder = new TextDecoder("utf-8");
  #text = "";
  #first = true;
  /** Line of the next unread character. */
  #line = 1;
  /** A CR ended the previous chunk: an LF starting the next one belongs to it. */
  #pendingCr = false;

  /** Reads a chunk; returns the records it completes. */
  push(chunk: Uint8Array | string): CsvRecord[] {
    let text = typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (this.#first && text.length) {
      this.#first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#pendingCr && text.charCodeAt(0) === LF && !this.#text) text = text.slice(1);
    this.#pendingCr = false;
    this.#text = this.#text ? this.#text + text : text;
    return this.#scan(false);
  }

  /** Reads what is left at the end of the input. */
  end(): CsvRecord[] {
    this.#text += this.#decoder.decode();
    return this.#scan(true);
  }

  /**
   * Parses the complete records at the front of the buffer and keeps the rest (a record is complete at
   * an unquoted line end, or at the end of the input).
   */
  #scan(final: boolean): CsvRecord[] {
    const text = this.#text;
    const n = text.length;
    const out: CsvRecord[] = [];
    let pos = 0;
    while (pos < n) {
      const start = pos;
      const line = this.#line;
      let lines = 0;
      const cells: string[] = [];
      let error: string | null = null;
      let complete = false;
      let i = pos;
      for (;;) {
        // One cell from i.
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let value = "";
          let from = i + 1;
          let closed = -1;
          for (let j = from; j < n; j++) {
            const c = text.charCodeAt(j);
            if (c === QUOTE) {
              if (j + 1 < n && text.charCodeAt(j + 1) === QUOTE) {
                value += text.slice(from, j + 1);
                from = j + 2;
                j++;
                continue;
              }
              if (j + 1 === n && !final) break; // the next chunk may hold the second quote
              closed = j;
              break;
            }
            if (c === LF) lines++;
            else if (c === CR && text.charCodeAt(j + 1) !== LF) lines++;
          }
          if (closed < 0) {
            if (!final) break;
            error = "a quoted cell is not closed (a quote is missing)";
            i = n;
            complete = true;
            break;
          }
          cells.push(value + text.slice(from, closed));
          i = closed + 1;
          if (i < n) {
            const c = text.charCodeAt(i);
            if (c !== COMMA && c !== LF && c !== CR) error ??= "text after the closing quote of a cell";
          }
          // Skip to the cell's end so an error still leaves the reader at the next record.
          while (i < n) {
            const c = text.charCodeAt(i);
            if (c === COMMA || c === LF || c === CR) break;
            i++;
          }
        } else {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE)
              error ??=
                'a quote inside an unquoted cell (quote the whole cell and double its quotes: "a ""b"" c")';
            j++;
          }
          cells.push(text.slice(i, j));
          i = j;
        }
        if (i >= n) {
          if (!final) break;
          complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        // A line end: CRLF, LF or CR. A CR at the very end of a chunk may be half of a CRLF.
        if (c === CR && i + 1 === n && !final) {
          this.#pendingCr = true;
          i++;
        } else i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        lines++;
        complete = true;
        break;
      }
      if (!complete) {
        this.#pendingCr = false;
        pos = start;
        break;
      }
      pos = i;
      this.#line += lines;
      if (error !== null) out.push({ line, error });
      else if (!(cells.length === 1 && cells[0] === "" && text.charCodeAt(start) !== QUOTE)) {
        out.push({ line, cells });
      }
    }
    this.#text = pos < n ? text.slice(pos) : "";
    return out;
  }
}
