import { promisify } from "node:util";
import { constants, crc32, deflateRaw, deflateRawSync } from "node:zlib";

const deflateChunk = promisify(deflateRaw);
const LIMIT = 0xffff_ffff;

/** DOS date and time, as zip headers store them (local time fields, 2-second resolution). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/**
 * A zip archive written front to back, for streaming: each entry's sizes and CRC follow its data in a
 * data descriptor, so nothing has to be held to patch a header. Data is deflated chunk by chunk with a
 * sync flush; the chunks concatenate into one valid deflate stream that `end` closes with an empty
 * final block. The caller sends every returned buffer, in order. No ZIP64: an archive past 4 GiB
 * fails loudly rather than coming out corrupt.
 */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private current: Entry | null = null;
  private written = 0;
  private readonly stamp: { time: number; date: number };

  constructor(now: Date) {
    this.stamp = dosTime(now);
  }

  private emit(buf: Buffer): Buffer {
    this.written += buf.length;
    if (this.written > LIMIT) throw new Error("the archive is larger than 4 GiB; export a shorter period");
    return buf;
  }

  /** Starts an entry: its local header. */
  begin(name: string): Buffer {
    if (this.current) throw new Error(`entry ${this.current.name} is still open`);
    const nameBuf = Buffer.from(name, "utf8");
    this.current = { name: nameBuf, offset: this.written, crc: 0, compressed: 0, size: 0 };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    h.writeUInt16LE(0x0808, 6); // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt16LE(nameBuf.length, 26);
    return this.emit(Buffer.concat([h, nameBuf]));
  }

  /** Compresses a chunk of the open entry. */
  async data(chunk: Buffer): Promise<Buffer> {
    const e = this.current;
    if (!e) throw new Error("no open entry");
    e.crc = crc32(chunk, e.crc);
    e.size += chunk.length;
    if (e.size > LIMIT) throw new Error("a sheet is larger than 4 GiB; export a shorter period");
    const out = await deflateChunk(chunk, { finishFlush: constants.Z_SYNC_FLUSH });
    e.compressed += out.length;
    return this.emit(out);
  }

  /** Closes the open entry: the final deflate block and the data descriptor. */
  end(): Buffer {
    const e = this.current;
    if (!e) throw new Error("no open entry");
    const last = deflateRawSync(Buffer.alloc(0));
    e.compressed += last.length;
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc >>> 0, 4);
    d.writeUInt32LE(e.compressed, 8);
    d.writeUInt32LE(e.size, 12);
    this.entries.push(e);
    this.current = null;
    return this.emit(Buffer.concat([last, d]));
  }

  /** A whole small entry at once. */
  async file(name: string, content: string): Promise<Buffer> {
    const head = this.begin(name);
    const body = await this.data(Buffer.from(content, "utf8"));
    return Buffer.concat([head, body, this.end()]);
  }

  /** The central directory and its end record; the archive is complete after this. */
  finish(): Buffer {
    if (this.current) throw new Error("an entry is still open");
    const start = this.written;
    const records = this.entries.map((e) => {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: 2.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      return Buffer.concat([h, e.name]);
    });
    const directory = Buffer.concat(records);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(start, 16);
    return this.emit(Buffer.concat([directory, end]));
  }
}
