/**
 * MM2's record formats on its internal topics, as written by Checkpoint.java and
 * OffsetSync.java: Kafka protocol primitives, big-endian, STRING = INT16 length + UTF-8.
 *
 *   <source>.checkpoints.internal  key: group STRING, topic STRING (downstream name), partition INT32
 *                                  value: version INT16 (0), upstreamOffset INT64,
 *                                         downstreamOffset INT64, metadata STRING
 *   mm2-offset-syncs.<target>.internal
 *                                  key: topic STRING, partition INT32
 *                                  value: upstreamOffset INT64, downstreamOffset INT64
 */

export interface Checkpoint {
  group: string;
  /** The topic as named on the target (e.g. es-src.products). */
  topic: string;
  partition: number;
  upstreamOffset: number;
  downstreamOffset: number;
  metadata: string;
}

export interface OffsetSync {
  topic: string;
  partition: number;
  upstreamOffset: number;
  downstreamOffset: number;
}

export class CodecError extends Error {}

class Reader {
  #at = 0;
  constructor(
    private readonly buffer: Buffer,
    private readonly what: string,
  ) {}
  #need(bytes: number): void {
    if (this.#at + bytes > this.buffer.length) {
      throw new CodecError(`${this.what} is truncated: needed ${bytes} byte(s) at position ${this.#at} of ${this.buffer.length}`);
    }
  }
  int16(): number {
    this.#need(2);
    const v = this.buffer.readInt16BE(this.#at);
    this.#at += 2;
    return v;
  }
  int32(): number {
    this.#need(4);
    const v = this.buffer.readInt32BE(this.#at);
    this.#at += 4;
    return v;
  }
  int64(): number {
    this.#need(8);
    const v = this.buffer.readBigInt64BE(this.#at);
    this.#at += 8;
    return Number(v);
  }
  string(): string {
    const length = this.int16();
    if (length < 0) return '';
    this.#need(length);
    const v = this.buffer.toString('utf8', this.#at, this.#at + length);
    this.#at += length;
    return v;
  }
}

class Writer {
  readonly #parts: Buffer[] = [];
  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.#parts.push(b);
    return this;
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.#parts.push(b);
    return this;
  }
  int64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(v));
    this.#parts.push(b);
    return this;
  }
  string(v: string): this {
    const bytes = Buffer.from(v, 'utf8');
    this.int16(bytes.length);
    this.#parts.push(bytes);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

export function decodeCheckpoint(key: Buffer, value: Buffer): Checkpoint {
  const k = new Reader(key, 'checkpoint key');
  const group = k.string();
  const topic = k.string();
  const partition = k.int32();
  const v = new Reader(value, 'checkpoint value');
  const version = v.int16();
  if (version !== 0) throw new CodecError(`checkpoint value version ${version} is unknown (MM2 writes 0)`);
  return { group, topic, partition, upstreamOffset: v.int64(), downstreamOffset: v.int64(), metadata: v.string() };
}

export function encodeCheckpoint(c: Checkpoint): { key: Buffer; value: Buffer } {
  return {
    key: new Writer().string(c.group).string(c.topic).int32(c.partition).done(),
    value: new Writer().int16(0).int64(c.upstreamOffset).int64(c.downstreamOffset).string(c.metadata).done(),
  };
}

export function decodeOffsetSync(key: Buffer, value: Buffer): OffsetSync {
  const k = new Reader(key, 'offset-sync key');
  const topic = k.string();
  const partition = k.int32();
  const v = new Reader(value, 'offset-sync value');
  return { topic, partition, upstreamOffset: v.int64(), downstreamOffset: v.int64() };
}

export function encodeOffsetSync(s: OffsetSync): { key: Buffer; value: Buffer } {
  return {
    key: new Writer().string(s.topic).int32(s.partition).done(),
    value: new Writer().int64(s.upstreamOffset).int64(s.downstreamOffset).done(),
  };
}
