import type { ChannelName } from '../../domain/records.js';
import type { ChatMessenger } from './messenger.js';
import type { MediaFetcher } from './media-fetcher.js';

/** The channels this process can talk to; a channel that is off is absent. */
export interface Channels {
  messenger(channel: ChannelName): ChatMessenger;
  fetcher(channel: ChannelName): MediaFetcher;
  has(channel: ChannelName): boolean;
}

export function channelsFrom(entries: Partial<Record<ChannelName, { messenger: ChatMessenger; fetcher: MediaFetcher }>>): Channels {
  const get = (channel: ChannelName) => {
    const entry = entries[channel];
    if (!entry) throw new Error(`channel ${channel} is not enabled in this process`);
    return entry;
  };
  return {
    messenger: (channel) => get(channel).messenger,
    fetcher: (channel) => get(channel).fetcher,
    has: (channel) => Boolean(entries[channel]),
  };
}
