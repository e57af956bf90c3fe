// An in-process scheduler for Telegram sends that keeps the Bot API's limits
// (see DESIGN.md, "Limits that the platforms set"):
//   - about 30 sends per second for the whole bot,
//   - about 1 send per second into one chat,
//   - at most 20 sends per minute into one group or channel.
// Staying under them is cheaper than meeting 429s: Telegram answers floods with
// retry_after pauses that grow the more a bot ignores them.
//
// Tasks for one chat run one at a time and in the order they were scheduled,
// so a card's text never overtakes its photos. Tasks without a chat (callback
// answers) only take from the global budget and go before any chat's task.

export interface SendSchedulerOptions {
  /** Task starts per rolling second, all chats together. Default 30. */
  globalPerSecond?: number;
  /** Minimum time between two task starts in one chat. Default 1000 ms. */
  perChatIntervalMs?: number;
  /** Task starts per rolling minute into one group or channel. Default 20. */
  groupPerMinute?: number;
  /** Clock and timer, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SendScheduler {
  /**
   * Runs `task` once the limits allow and resolves (or rejects) with its
   * result. `chatId` null: not bound to a chat (answerCallbackQuery).
   */
  schedule<T>(chatId: string | null, task: () => Promise<T>): Promise<T>;
  /** No task for this chat starts in the next `ms` (e.g. after a 429). */
  pauseChat(chatId: string, ms: number): void;
  /** No task at all starts in the next `ms` (a bot-wide 429). */
  pauseAll(ms: number): void;
}

interface Job {
  seq: number;
  run: () => void;
}

interface Lane {
  readonly isGroup: boolean;
  queue: Job[];
  busy: boolean;
  lastStart: number;
  pausedUntil: number;
  /** Start times within the last minute; only kept for groups and channels. */
  recentStarts: number[];
}

const SECOND = 1000;
const MINUTE = 60_000;

/** Negative ids are groups, supergroups and channels; `@name` is a public channel. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-') || chatId.startsWith('@');
}

export function createSendScheduler(options: SendSchedulerOptions = {}): SendScheduler {
  const globalPerSecond = options.globalPerSecond ?? 30;
  const perChatIntervalMs = options.perChatIntervalMs ?? SECOND;
  const groupPerMinute = options.groupPerMinute ?? 20;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const lanes = new Map<string, Lane>();
  const unbound: Job[] = []; // tasks without a chat
  let globalStarts: number[] = []; // start times within the last second
  let globalPausedUntil = 0;
  let seq = 0;
  let wakeAt = Infinity; // when the pending timer (if any) fires

  function lane(chatId: string): Lane {
    let found = lanes.get(chatId);
    if (!found) {
      found = {
        isGroup: isGroupChat(chatId),
        queue: [],
        busy: false,
        lastStart: -Infinity,
        pausedUntil: 0,
        recentStarts: [],
      };
      lanes.set(chatId, found);
    }
    return found;
  }

  /** Earliest time the global budget allows another start. */
  function globalReadyAt(at: number): number {
    globalStarts = globalStarts.filter((t) => t > at - SECOND);
    const windowFreeAt =
      globalStarts.length < globalPerSecond ? at : globalStarts[globalStarts.length - globalPerSecond]! + SECOND;
    return Math.max(windowFreeAt, globalPausedUntil);
  }

  /** Earliest time this chat's own limits allow its next start. */
  function laneReadyAt(l: Lane, at: number): number {
    let readyAt = Math.max(l.lastStart + perChatIntervalMs, l.pausedUntil);
    if (l.isGroup) {
      l.recentStarts = l.recentStarts.filter((t) => t > at - MINUTE);
      if (l.recentStarts.length >= groupPerMinute) {
        readyAt = Math.max(readyAt, l.recentStarts[l.recentStarts.length - groupPerMinute]! + MINUTE);
      }
    }
    return readyAt;
  }

  /** Starts every task whose limits allow it, then waits for the next one. */
  function pump(): void {
    const at = now();
    let nextWake = Infinity;

    const startIfAllowed = (readyAt: number, start: () => void): boolean => {
      const allowedAt = Math.max(readyAt, globalReadyAt(at));
      if (allowedAt > at) {
        nextWake = Math.min(nextWake, allowedAt);
        return false;
      }
      globalStarts.push(at);
      start();
      return true;
    };

    while (unbound.length > 0 && startIfAllowed(at, () => unbound.shift()!.run()));

    // Oldest waiting task first, so a busy chat cannot starve the others.
    const waiting = [...lanes].filter(([, l]) => !l.busy && l.queue.length > 0);
    waiting.sort(([, a], [, b]) => a.queue[0]!.seq - b.queue[0]!.seq);
    for (const [, l] of waiting) {
      startIfAllowed(laneReadyAt(l, at), () => {
        l.busy = true;
        l.lastStart = at;
        if (l.isGroup) l.recentStarts.push(at);
        l.queue.shift()!.run();
      });
    }

    // Forget idle chats once their limits no longer matter.
    for (const [chatId, l] of lanes) {
      if (!l.busy && l.queue.length === 0 && laneReadyAt(l, at) <= at && l.recentStarts.length === 0) {
        lanes.delete(chatId);
      }
    }
    wakeUpAt(nextWake);
  }

  function wakeUpAt(at: number): void {
    // A timer that fires earlier is already pending: it will re-plan.
    if (at === Infinity || at >= wakeAt) return;
    wakeAt = at;
    void sleep(Math.max(0, at - now())).then(() => {
      if (wakeAt === at) wakeAt = Infinity;
      pump();
    });
  }

  function schedule<T>(chatId: string | null, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const l = chatId === null ? undefined : lane(chatId);
      const job: Job = {
        seq: seq++,
        run: () => {
          // Start the task outside pump(): a synchronous throw must not break the loop.
          void Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              if (l) l.busy = false;
              pump();
            });
        },
      };
      if (l) l.queue.push(job);
      else unbound.push(job);
      pump();
    });
  }

  return {
    schedule,
    pauseChat(chatId, ms) {
      const l = lane(chatId);
      l.pausedUntil = Math.max(l.pausedUntil, now() + ms);
      pump();
    },
    pauseAll(ms) {
      globalPausedUntil = Math.max(globalPausedUntil, now() + ms);
      pump();
    },
  };
}
