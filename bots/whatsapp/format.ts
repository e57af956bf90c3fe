import { decodeCallback } from '../../src/domain/callback-data.js';
import type { ChatButton } from '../../src/pipeline/ports/messenger.js';
import { keywordHint } from '../../src/messages/whatsapp-id.js';

const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&(lt|gt|quot|apos|nbsp);/g, (_, name: string) => entities[name]!)
    .replace(/&amp;/g, '&');
}

/** Wraps the inner text in a WhatsApp marker, keeping outer spaces outside (`* x*` would not render). */
function mark(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : inner;
}

/**
 * Telegram-HTML (what the catalogue writes) to WhatsApp's formatting:
 * <b> -> *bold*, <i> -> _italic_, <s> -> ~strike~, <code>/<pre> -> ```mono```,
 * links -> "text (url)"; other tags dropped, entities decoded.
 */
export function htmlToWhatsApp(html: string): string {
  let text = html;
  text = text.replace(/<a\s+[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
    const url = decodeEntities(href);
    const shown = label.replace(/<[^>]+>/g, '');
    return decodeEntities(shown) === url ? shown : `${shown} (${href})`;
  });
  text = text.replace(/<(b|strong)>([\s\S]*?)<\/\1>/gi, (_, _tag: string, inner: string) => mark('*', inner));
  text = text.replace(/<(i|em)>([\s\S]*?)<\/\1>/gi, (_, _tag: string, inner: string) => mark('_', inner));
  text = text.replace(/<(s|del|strike)>([\s\S]*?)<\/\1>/gi, (_, _tag: string, inner: string) => mark('~', inner));
  text = text.replace(/<(code|pre)[^>]*>([\s\S]*?)<\/\1>/gi, (_, _tag: string, inner: string) => mark('```', inner));
  text = text.replace(/<blockquote[^>]*>([\s\S]*?)<\/blockquote>/gi, (_, inner: string) =>
    inner
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n'),
  );
  text = text.replace(/<br\s*\/?>/gi, '\n');
  text = text.replace(/<\/?[a-z][^>]*>/gi, '');
  return decodeEntities(text);
}

/**
 * WhatsApp has no buttons: the actions they carried become a line telling
 * people which keyword to reply with. Buttons with no keyword are dropped.
 */
export function buttonsToKeywordHint(buttons: ChatButton[][] | undefined): string {
  const actions: Array<'submit' | 'cancel'> = [];
  for (const button of (buttons ?? []).flat()) {
    const action = decodeCallback(button.data);
    if (action?.kind === 'bundle.submit') actions.push('submit');
    if (action?.kind === 'bundle.cancel') actions.push('cancel');
  }
  return keywordHint(actions);
}

/** The text as it goes out on WhatsApp: formatting converted, keyword hint appended. */
export function renderForWhatsApp(text: string, options: { html?: boolean; buttons?: ChatButton[][] } = {}): string {
  const body = options.html ? htmlToWhatsApp(text) : text;
  const hint = buttonsToKeywordHint(options.buttons);
  return hint ? `${body}\n\n${hint}` : body;
}
