import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Follows a log a process is still writing: each call returns the whole lines written since the
 * previous one (a line without its newline yet waits for the next call). Synchronous, so that a
 * waitFor abort can call it on every poll; each call reads only what is new.
 */
export class LogWatch {
  #offset = 0;
  /** Bytes of the unfinished last line (kept as bytes: a read may cut a UTF-8 character). */
  #partial = Buffer.alloc(0);

  constructor(readonly file: string) {}

  newLines(): string[] {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return []; // not written yet
    }
    const chunks: Buffer[] = [this.#partial];
    try {
      const buffer = Buffer.alloc(1 << 16);
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, this.#offset);
        if (n === 0) break;
        chunks.push(Buffer.from(buffer.subarray(0, n)));
        this.#offset += n;
      }
    } finally {
      closeSync(fd);
    }
    const bytes = Buffer.concat(chunks);
    const end = bytes.lastIndexOf(0x0a);
    this.#partial = bytes.subarray(end + 1);
    return end < 0 ? [] : bytes.subarray(0, end).toString('utf8').split('\n');
  }
}
