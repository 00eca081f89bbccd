import { randomBytes } from 'node:crypto';

export type IdPrefix =
  | 'run'
  | 'req'
  | 'evt'
  | 'rule'
  | 'usr'
  | 'src'
  | 'tok'
  | 'dlv'
  | 'ntf'
  | 'whk'
  | 'team'
  | 'rte'
  | 'psb';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
let lastTime = 0;
let counter = 0;

function randomChars(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 36];
  return out;
}

/**
 * A prefixed id that sorts by creation time within this process (time, then a per-millisecond counter),
 * followed by random characters so ids cannot be guessed.
 */
export function newId(prefix: IdPrefix): string {
  const now = Date.now();
  if (now > lastTime) {
    lastTime = now;
    counter = 0;
  } else {
    counter += 1;
  }
  const time = lastTime.toString(36).padStart(9, '0');
  const seq = counter.toString(36).padStart(4, '0');
  return `${prefix}_${time}${seq}${randomChars(10)}`;
}
