import type { PublishTarget } from '../../pipeline/ports/publishing.js';

/**
 * The built-in public site: the article is served from the database as soon
 * as the bundle is marked published, so publishing is only recording its URL.
 */
export function createSiteTarget(): PublishTarget {
  return {
    name: 'site',
    async publish(item) {
      return { externalId: item.slug, url: item.url };
    },
    async withdraw() {
      // The site reads the bundle's status: once withdrawn, it is gone.
    },
  };
}
