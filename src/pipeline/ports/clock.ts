/** The time, passed in so tests can travel. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
