import { closeSync, openSync, readSync } from 'node:fs';
import { MAGIC } from './layout';

/** Whether a file starts with the repeg binary magic (a missing file is not binary: its reader will say so). */
export function isBinaryFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === MAGIC;
  } finally {
    closeSync(fd);
  }
}
