import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** An error whose `code` says why in words the groups quote ('not a regular file', ENOENT, ...). */
function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Opens a regular file of a hostile volume without following a link (O_NOFOLLOW) or blocking on a
 * FIFO (O_NONBLOCK), and checks what was opened (fstat), so nothing can be swapped in between a
 * check and the read. The caller closes the descriptor.
 */
export function openRegularFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw coded('not a regular file', 'not a regular file');
    throw e;
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw coded('not a regular file', 'not a regular file');
  }
  return { fd, size: st.size };
}

/** Reads up to `length` bytes at `offset` from an open descriptor (short only at end of file). */
export function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/**
 * The bytes of a regular file of sane size. A FIFO or device would block or never end, and a
 * symbolic link on a hostile volume could point at a file of the admin's machine.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) throw coded('too large', `${size} bytes, over the ${maxBytes}-byte limit`);
    return readAt(fd, 0, size);
  } finally {
    closeSync(fd);
  }
}
