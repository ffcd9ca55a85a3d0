import { addEmailTracking, type EmailTrackingLinks } from './email-tracking';

const links: EmailTrackingLinks = {
  openPixelUrl: (id) => `https://r.example/t/o/${id}.sig.gif`,
  clickUrl: (id, url) => `https://r.example/t/c/${id}.sig?u=${encodeURIComponent(url)}`,
};
const PIXEL = '<img src="https://r.example/t/o/9.sig.gif" width="1" height="1" alt="" style="border:0;width:1px;height:1px">';

describe('addEmailTracking', () => {
  it('appends the open pixel, before </body> when there is one', () => {
    expect(addEmailTracking('<p>Hi</p>', 9, links)).toBe(`<p>Hi</p>${PIXEL}`);
    expect(addEmailTracking('<html><body><p>Hi</p></BODY></html>', 9, links)).toBe(`<html><body><p>Hi</p>${PIXEL}</BODY></html>`);
  });

  it('rewrites http(s) links, decoding entities first and escaping the new address', () => {
    const html = `<a class="b" href="https://shop.example/a?x=1&amp;y=2">Shop</a> <A HREF='http://old.example/'>Old</A>`;
    expect(addEmailTracking(html, 9, links)).toBe(
      `<a class="b" href="https://r.example/t/c/9.sig?u=https%3A%2F%2Fshop.example%2Fa%3Fx%3D1%26y%3D2">Shop</a> <A HREF="https://r.example/t/c/9.sig?u=http%3A%2F%2Fold.example%2F">Old</A>${PIXEL}`,
    );
  });

  it('leaves mailto:, tel:, anchors, relative and javascript: links alone', () => {
    const html = '<a href="mailto:a@b.c">m</a><a href="tel:+44">t</a><a href="#top">a</a><a href="/x">r</a><a href="javascript:alert(1)">j</a><a name="n">n</a>';
    expect(addEmailTracking(html, 9, links)).toBe(`${html}${PIXEL}`);
  });
});
