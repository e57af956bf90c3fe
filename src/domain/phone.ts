/**
 * Normalises an Indonesian mobile number to E.164 (+628…). Accepts 08…, 628…,
 * +62…, with spaces, dots or dashes. Returns null when it is not a plausible
 * mobile number. Numbers with another country code are kept if plausible.
 */
export function normalisePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  let e164: string;
  if (compact.startsWith('+')) e164 = compact;
  else if (compact.startsWith('62')) e164 = `+${compact}`;
  else if (compact.startsWith('0')) e164 = `+62${compact.slice(1)}`;
  else return null;
  if (e164.startsWith('+62')) {
    // Indonesian mobile numbers: +62 8xx, 9 to 12 digits after the 8's predecessor.
    return /^\+628\d{8,11}$/.test(e164) ? e164 : null;
  }
  return /^\+[1-9]\d{7,14}$/.test(e164) ? e164 : null;
}

/** Shows a phone number with its middle hidden, for messages and logs. */
export function maskPhone(e164: string): string {
  if (e164.length < 7) return '***';
  return `${e164.slice(0, 5)}****${e164.slice(-3)}`;
}

/** The WhatsApp id (and private chat id) of an E.164 number: `+6281…` -> `6281…@c.us`. */
export function whatsappIdOf(e164: string): string {
  return `${e164.replace(/^\+/, '')}@c.us`;
}
