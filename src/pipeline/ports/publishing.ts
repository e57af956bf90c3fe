import type { NewsItem } from '../../domain/news-item.js';

export interface PublishablePhoto {
  /** Absolute path of the web-size image on disk. */
  path: string;
  /** Public URL of the same image (served only while the item is published). */
  url: string;
  mime: string;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  caption: string | null;
}

/** An approved news item, as every publish target receives it. */
export interface PublishableItem {
  bundleId: number;
  slug: string;
  /** The article on the built-in public site: PUBLIC_URL/news/<slug>. */
  url: string;
  item: NewsItem;
  agency: { id: number; name: string; slug: string };
  contributorName: string;
  publishedAt: Date;
  photos: PublishablePhoto[];
}

export interface PublishResult {
  /** The target's id for the post (channel message ids, WordPress post id, webhook delivery id). */
  externalId: string;
  url: string | null;
}

/**
 * One place an approved item goes. Adding Facebook or Instagram is one more
 * implementation of this interface. `publish` must not post twice: when
 * `previous.externalId` is set the post exists already and should be updated
 * or adopted, not repeated; targets that can look up their own posts (by slug)
 * should do so before posting.
 */
export interface PublishTarget {
  readonly name: string;
  publish(item: PublishableItem, previous: { externalId: string | null }): Promise<PublishResult>;
  /** Takes a published item back (delete, or back to draft). */
  withdraw(item: PublishableItem, externalId: string): Promise<void>;
}

/** Published articles for the public site and feeds. */
export interface PublishedArticle {
  bundleId: number;
  slug: string;
  item: NewsItem;
  agency: { name: string; slug: string };
  publishedAt: Date;
  photos: Array<{ url: string; mime: string; width: number | null; height: number | null; sizeBytes: number; caption: string | null }>;
}

export interface NewsReader {
  listPublished(options: { page: number; perPage: number; agencySlug?: string }): Promise<{ articles: PublishedArticle[]; total: number }>;
  findPublished(slug: string): Promise<PublishedArticle | null>;
  agenciesWithNews(): Promise<Array<{ name: string; slug: string; count: number }>>;
  /**
   * The file behind a public media URL `/media/<sha256>.jpg`, only when it
   * belongs to a published item that is not withdrawn; null otherwise.
   */
  publishedMedia(sha256: string): Promise<{ absolutePath: string; mime: string } | null>;
}

export type PublicationStatus = 'pending' | 'publishing' | 'published' | 'failed' | 'withdrawn';

export interface PublicationRecord {
  id: number;
  bundleId: number;
  target: string;
  status: PublicationStatus;
  attempts: number;
  externalId: string | null;
  url: string | null;
  lastError: string | null;
}

export interface PublicationStore {
  /**
   * After approval: fixes the article's slug and approved draft, and creates
   * one publication per target (existing ones are kept). Returns them all.
   */
  prepare(bundleId: number, targets: string[]): Promise<PublicationRecord[]>;
  get(publicationId: number): Promise<PublicationRecord | null>;
  listForBundle(bundleId: number): Promise<PublicationRecord[]>;
  /** Claims a publication for an attempt; returns the state it was in, or null if it is done or withdrawn. */
  begin(publicationId: number): Promise<{ previousStatus: PublicationStatus; externalId: string | null } | null>;
  succeed(publicationId: number, result: PublishResult, at: Date): Promise<void>;
  /** An attempt failed; `final` marks the publication failed for good (until an editor retries). */
  fail(publicationId: number, error: string, final: boolean): Promise<void>;
  /** An editor's retry: failed publications go back to pending. Returns the ones reset. */
  resetFailed(bundleId: number): Promise<PublicationRecord[]>;
  markWithdrawn(publicationId: number): Promise<void>;
  publishableItem(bundleId: number): Promise<PublishableItem | null>;
  /** The site publication makes the bundle published; false if it was withdrawn meanwhile. */
  markBundlePublished(bundleId: number, at: Date): Promise<boolean>;
  /** published -> withdrawn; false when it was not published. */
  markBundleWithdrawn(bundleId: number, at: Date): Promise<boolean>;
  /** The editor who approved, to tell them where it went. */
  approver(bundleId: number): Promise<{ telegramUserId: string | null; name: string | null } | null>;
  contributorChat(bundleId: number): Promise<{ channel: 'telegram' | 'whatsapp'; chatId: string } | null>;
}
