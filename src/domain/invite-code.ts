import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
export const inviteCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const inviteCodeLength = 6;

export function generateInviteCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < inviteCodeLength; i += 1) {
    code += inviteCodeAlphabet[random(inviteCodeAlphabet.length)];
  }
  return code;
}

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normaliseInviteCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]/g, '');
}

export function isWellFormedInviteCode(code: string): boolean {
  return code.length === inviteCodeLength && [...code].every((c) => inviteCodeAlphabet.includes(c));
}
