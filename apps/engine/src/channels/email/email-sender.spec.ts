import { htmlToText, isSafeToRetry } from './email-sender';

describe('email sender', () => {
  it('retries only when the server cannot have taken the message', () => {
    expect(isSafeToRetry(Object.assign(new Error('refused'), { code: 'ECONNECTION' }))).toBe(true);
    expect(isSafeToRetry(Object.assign(new Error('busy'), { code: 'EMESSAGE', responseCode: 451 }))).toBe(true);
    expect(isSafeToRetry(Object.assign(new Error('no such user'), { code: 'EENVELOPE', responseCode: 550 }))).toBe(false);
    expect(isSafeToRetry(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(false);
    expect(isSafeToRetry(Object.assign(new Error('lost'), { code: 'ESOCKET' }))).toBe(false);
  });
  it('derives a plain-text part from the HTML', () => {
    expect(htmlToText('<h1>Hi &amp; welcome</h1><p>Use <b>SAVE-1</b>&nbsp;now</p><p>a &lt;b&gt;</p>')).toBe('Hi & welcome\nUse SAVE-1 now\na <b>');
  });
});
