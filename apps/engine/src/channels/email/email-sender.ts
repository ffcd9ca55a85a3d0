// Sends one message over SMTP (nodemailer, from SMTP_URL). Only failures where the server surely
// did not take the message are retried: the connection could not be opened, or the server
// answered with a temporary 4xx refusal. A lost connection or a timeout after the message data
// went out is not retried (it may have been accepted), keeping the "never twice" promise.
import { Injectable, Logger, OnModuleDestroy, Inject } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { CHANNELS_CONFIG, type ChannelsConfig } from '../channels-config';

export interface OutgoingEmail {
  from: { name?: string; email: string };
  to: string;
  subject: string;
  html: string;
  /** Extra headers (X-Retain-Delivery…). */
  headers: Record<string, string>;
}

export type SendResult = { ok: true; messageId: string; response: string; attempts: number } | { ok: false; message: string; attempts: number };

const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = 200;

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
}

/** True when the server cannot have accepted the message: no connection, or a 4xx reply (SMTP: "not taken, try later"). */
export function isSafeToRetry(error: SmtpError): boolean {
  if (error.code === 'ECONNECTION' || error.code === 'EDNS') return true;
  return typeof error.responseCode === 'number' && error.responseCode >= 400 && error.responseCode < 500;
}

/** Plain-text alternative of an HTML body: tags dropped, entities for the common characters decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/h\d|\/li|\/tr)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

@Injectable()
export class EmailSender implements OnModuleDestroy {
  private readonly logger = new Logger('Email');
  private readonly transport?: Transporter;

  constructor(@Inject(CHANNELS_CONFIG) config: ChannelsConfig) {
    if (config.smtpUrl) {
      // Pooled connections: a flow reaching thousands of customers does not open one per email.
      // Query parameters of SMTP_URL (e.g. ?pool=false&maxConnections=2) override these.
      this.transport = nodemailer.createTransport({ url: config.smtpUrl, pool: true, maxConnections: 5, maxMessages: 100, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
      this.logger.log(`Email steps send through ${redact(config.smtpUrl)}`);
    } else {
      this.logger.warn('SMTP_URL is not set: email steps will fail with "email is not configured" (offers and webhooks work).');
    }
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    if (!this.transport) return { ok: false, message: 'Email is not configured: set SMTP_URL (e.g. smtp://user:password@smtp.example.com:587).', attempts: 0 };
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const info = await this.transport.sendMail({
          from: email.from.name ? { name: email.from.name, address: email.from.email } : email.from.email,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: htmlToText(email.html),
          headers: email.headers,
        });
        return { ok: true, messageId: info.messageId, response: String(info.response ?? ''), attempts };
      } catch (error) {
        const smtpError = error as SmtpError;
        if (attempts < MAX_ATTEMPTS && isSafeToRetry(smtpError)) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * 2 ** (attempts - 1)));
          continue;
        }
        return { ok: false, message: `The SMTP server did not take the email: ${smtpError.message}`, attempts };
      }
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured SMTP server';
  }
}
