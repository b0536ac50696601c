import { STYLE_NONCE_META } from '../../../shared/security/csp';

/**
 * The page's Content-Security-Policy allows no inline style but its own nonce
 * (shared/security/csp.ts). antd inserts its theme's CSS variables as <style> elements, and
 * rc-component inserts some of its own (a table measuring its scrollbar, a modal locking the
 * page's scroll) without a way to pass a nonce, so every <style> element this page's scripts
 * create gets the nonce the server put in the page. Markup that arrives as data cannot: a
 * <style> or style="" in it carries no nonce and is refused.
 */
export function installStyleNonce(doc: Document = document): string | null {
  const nonce = doc.querySelector<HTMLMetaElement>(`meta[name="${STYLE_NONCE_META}"]`)?.content;
  if (!nonce) return null;
  const create = doc.createElement.bind(doc) as (tag: string, options?: ElementCreationOptions) => HTMLElement;
  doc.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const el = create(tag, options);
    if (el.localName === 'style') el.nonce = nonce;
    return el;
  }) as Document['createElement'];
  return nonce;
}
