import { describe, expect, it } from 'vitest';
import { createSendScheduler, isGroupChat } from '../../bots/telegram/rate-limiter.js';
import type { SendSchedulerOptions } from '../../bots/telegram/rate-limiter.js';

/** Lets every pending promise callback run (setImmediate is not on the virtual clock). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that only moves when the test says so; `sleep` resolves as it passes. */
function virtualClock() {
  let time = 0;
  let sleepers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => time,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: time + ms, wake })),
    /** Moves time forward, waking sleepers in order and letting their work run. */
    async advance(ms: number): Promise<void> {
      const end = time + ms;
      for (;;) {
        await settle();
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > end) break;
        sleepers = sleepers.slice(1);
        time = Math.max(time, next.at);
        next.wake();
      }
      time = end;
      await settle();
    },
  };
}

/** A scheduler on a virtual clock that records when (virtual ms) each labelled task started. */
function harness(options: SendSchedulerOptions = {}) {
  const clock = virtualClock();
  const scheduler = createSendScheduler({ ...options, now: clock.now, sleep: clock.sleep });
  const starts: Array<{ label: string; at: number }> = [];
  const run = (chatId: string | null, label: string, work?: () => Promise<void>) =>
    scheduler.schedule(chatId, async () => {
      starts.push({ label, at: clock.now() });
      await work?.();
      return label;
    });
  const startedAt = (label: string) => starts.find((start) => start.label === label)?.at;
  return { clock, scheduler, starts, run, startedAt };
}

describe('createSendScheduler', () => {
  it('runs the tasks of one chat in FIFO order, spaced by the per-chat interval', async () => {
    const { clock, run, starts } = harness({ perChatIntervalMs: 1000 });
    const results = ['a', 'b', 'c', 'd'].map((label) => run('42', label));

    await clock.advance(5000);

    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(starts).toEqual([
      { label: 'a', at: 0 },
      { label: 'b', at: 1000 },
      { label: 'c', at: 2000 },
      { label: 'd', at: 3000 },
    ]);
  });

  it('never overlaps two tasks of one chat: the next starts after a slow one ends', async () => {
    const { clock, run, startedAt } = harness({ perChatIntervalMs: 100 });
    void run('42', 'slow', () => clock.sleep(1500));
    void run('42', 'next');

    await clock.advance(1000);
    expect(startedAt('next')).toBeUndefined();
    await clock.advance(1000);
    expect(startedAt('next')).toBe(1500);
  });

  it('runs different chats side by side', async () => {
    const { clock, run, starts } = harness({ perChatIntervalMs: 1000 });
    void run('1', 'one');
    void run('2', 'two');
    void run('-1003', 'group');
    await clock.advance(0);
    expect(starts.map((start) => start.at)).toEqual([0, 0, 0]);
  });

  it('keeps a group or channel to groupPerMinute sends per rolling minute', async () => {
    const { clock, run, startedAt } = harness({ perChatIntervalMs: 100, groupPerMinute: 3 });
    for (const label of ['g1', 'g2', 'g3', 'g4', 'g5']) void run('-1001234567890', label);
    void run('7', 'private'); // a private chat is not held up by the group

    await clock.advance(120_000);

    expect(['g1', 'g2', 'g3', 'g4', 'g5'].map(startedAt)).toEqual([0, 100, 200, 60_000, 60_100]);
    expect(startedAt('private')).toBe(0);
  });

  it('treats @channel usernames and negative ids as groups', async () => {
    expect(isGroupChat('@warta_kab')).toBe(true);
    expect(isGroupChat('-42')).toBe(true);
    expect(isGroupChat('42')).toBe(false);

    const { clock, run, startedAt } = harness({ perChatIntervalMs: 10, groupPerMinute: 2 });
    for (const label of ['c1', 'c2', 'c3']) void run('@warta_kab', label);
    await clock.advance(61_000);
    expect(startedAt('c3')).toBe(60_000);
  });

  it('keeps all chats together to globalPerSecond starts per rolling second', async () => {
    const { clock, run, starts } = harness({ globalPerSecond: 3 });
    for (let chat = 1; chat <= 7; chat++) void run(String(chat), `chat${chat}`);

    await clock.advance(3000);

    expect(starts.map((start) => start.at)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    // Oldest first: the waiting chats start in the order they were scheduled.
    expect(starts.map((start) => start.label)).toEqual(['chat1', 'chat2', 'chat3', 'chat4', 'chat5', 'chat6', 'chat7']);
  });

  it('runs chat-less tasks (callback answers) ahead of queued chat sends, on the global budget only', async () => {
    const { clock, run, startedAt } = harness({ globalPerSecond: 1, perChatIntervalMs: 1000 });
    void run('1', 'send1');
    void run('2', 'send2');
    void run('3', 'send3');
    void run(null, 'answer');
    void run(null, 'answer2'); // not held to any per-chat spacing

    await clock.advance(10_000);

    expect(startedAt('send1')).toBe(0);
    expect(startedAt('answer')).toBe(1000);
    expect(startedAt('answer2')).toBe(2000);
    expect(startedAt('send2')).toBe(3000);
    expect(startedAt('send3')).toBe(4000);
  });

  it('pauses one chat without holding up the others', async () => {
    const { clock, scheduler, run, startedAt } = harness();
    scheduler.pauseChat('1', 5000);
    void run('1', 'paused');
    void run('2', 'free');

    await clock.advance(4999);
    expect(startedAt('free')).toBe(0);
    expect(startedAt('paused')).toBeUndefined();
    await clock.advance(1);
    expect(startedAt('paused')).toBe(5000);
  });

  it('pauses everything, callback answers included', async () => {
    const { clock, scheduler, run, startedAt } = harness();
    void run('1', 'before');
    await clock.advance(0);
    scheduler.pauseAll(3000);
    void run('2', 'chat');
    void run(null, 'answer');

    await clock.advance(2999);
    expect(startedAt('chat')).toBeUndefined();
    expect(startedAt('answer')).toBeUndefined();
    await clock.advance(1);
    expect(startedAt('answer')).toBe(3000);
    expect(startedAt('chat')).toBe(3000);
    expect(startedAt('before')).toBe(0);
  });

  it('passes a task failure to its caller and goes on with the chat', async () => {
    const { clock, scheduler, run } = harness({ perChatIntervalMs: 10 });
    const failing = scheduler.schedule('1', async () => {
      throw new Error('boom');
    });
    const throwingSync = scheduler.schedule('1', () => {
      throw new Error('sync boom');
    });
    const next = run('1', 'next');
    const failed = expect(failing).rejects.toThrow('boom');
    const failedSync = expect(throwingSync).rejects.toThrow('sync boom');

    await clock.advance(100);
    await failed;
    await failedSync;
    expect(await next).toBe('next');
  });

  it('works on real timers with small intervals', async () => {
    const scheduler = createSendScheduler({ perChatIntervalMs: 50 });
    const starts: number[] = [];
    await Promise.all([1, 2, 3].map(() => scheduler.schedule('5', async () => void starts.push(Date.now()))));
    expect(starts).toHaveLength(3);
    // Timers may fire a millisecond early by the wall clock; no upper bound (busy machines).
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(45);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(45);
  });
});
