// Open and click tracking in a rendered email: a 1×1 pixel, and every http(s) link rewritten to a
// signed redirect through Retain. Pure string work on the HTML Liquid produced.
export interface EmailTrackingLinks {
  openPixelUrl(deliveryId: number): string;
  clickUrl(deliveryId: number, url: string): string;
}

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

export function addEmailTracking(html: string, deliveryId: number, links: EmailTrackingLinks): string {
  const rewritten = html.replace(ANCHOR_HREF, (whole, start: string, doubleQuoted?: string, singleQuoted?: string) => {
    const url = decodeAttribute((doubleQuoted ?? singleQuoted ?? '').trim());
    // mailto:, tel:, anchors and relative links stay as they are: only web links can be redirected
    if (!/^https?:\/\/[^\s]+$/i.test(url)) return whole;
    return `${start}"${escapeAttribute(links.clickUrl(deliveryId, url))}"`;
  });
  const pixel = `<img src="${escapeAttribute(links.openPixelUrl(deliveryId))}" width="1" height="1" alt="" style="border:0;width:1px;height:1px">`;
  const bodyEnd = rewritten.search(/<\/body\s*>/i);
  return bodyEnd >= 0 ? `${rewritten.slice(0, bodyEnd)}${pixel}${rewritten.slice(bodyEnd)}` : `${rewritten}${pixel}`;
}

/** The URL an attribute value stands for (Liquid's escape writes &amp; and friends). */
function decodeAttribute(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
