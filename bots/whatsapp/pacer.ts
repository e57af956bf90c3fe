/**
 * Keeps one WhatsApp number sending at a human pace: after a message, the
 * next one to the same chat waits `sameChatGapMs`, one to another chat waits
 * `otherChatGapMs`; both jittered by ±`jitter` so the rhythm is not
 * mechanical. Used by the one consumer of the outbound queue, so the pauses
 * hold for the whole number.
 */
export interface Pacer {
  /** Waits until `chatId` may get the next message; returns how long it waited. */
  waitTurn(chatId: string): Promise<number>;
  /** Records that a message to `chatId` just went out. */
  sent(chatId: string): void;
}

export interface PacerOptions {
  otherChatGapMs: number;
  sameChatGapMs: number;
  /** Fraction of the gap added or taken at random; default 0.25. */
  jitter?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? 0.25;
  let last: { chatId: string; at: number } | null = null;

  return {
    async waitTurn(chatId) {
      if (!last) return 0;
      const gap = last.chatId === chatId ? options.sameChatGapMs : options.otherChatGapMs;
      const due = last.at + gap * (1 + jitter * (random() * 2 - 1));
      const wait = Math.max(0, Math.round(due - now()));
      if (wait > 0) await sleep(wait);
      return wait;
    },
    sent(chatId) {
      last = { chatId, at: now() };
    },
  };
}
