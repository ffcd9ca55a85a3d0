import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import type { ApiKeyScope } from './access.decorator';
import type { Principal } from './principal';

interface CachedKey {
  id: number;
  name: string;
  secretHash: Buffer;
  scopes: ApiKeyScope[];
  revoked: boolean;
  loadedAt: number;
}

/** A verified key is trusted this long before it is read again (so a revocation elsewhere takes effect). */
const CACHE_MS = 10_000;
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Keys look like `rk_<prefix>_<secret>`; only a SHA-256 of the secret is stored. */
export function parseApiKey(raw: string): { prefix: string; secret: string } | null {
  const match = /^rk_([a-f0-9]{12})_([A-Za-z0-9_-]{32,})$/.exec(raw);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, CachedKey>();
  private readonly lastTouched = new Map<number, number>();

  constructor(private readonly prisma: PrismaService, private readonly audit: AuditService) {}

  async create(actor: Principal | undefined, name: string, scopes: ApiKeyScope[]) {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const key = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiKey.create({
        data: {
          name,
          prefix,
          secretHash: sha256(secret).toString('hex'),
          scopes,
          createdById: actor?.kind === 'user' ? actor.userId : null,
        },
      });
      await this.audit.record(actor, { action: 'apiKey.created', targetType: 'apiKey', targetId: created.id, details: { name, scopes } }, tx);
      return created;
    });
    return { ...this.present(key), key: `rk_${prefix}_${secret}` };
  }

  async list() {
    const keys = await this.prisma.apiKey.findMany({ orderBy: { id: 'asc' } });
    return keys.map((k) => this.present(k));
  }

  async revoke(actor: Principal | undefined, id: number) {
    const key = await this.prisma.apiKey.findUnique({ where: { id } });
    if (!key) throw notFound('API key', id);
    if (key.revokedAt) throw new DomainError('CONFLICT', `API key ${id} is already revoked.`);
    const revoked = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await this.audit.record(actor, { action: 'apiKey.revoked', targetType: 'apiKey', targetId: id, details: { name: key.name } }, tx);
      return updated;
    });
    this.cache.delete(key.prefix);
    return this.present(revoked);
  }

  /** Returns the principal for a raw key, or null when it is unknown, wrong or revoked. */
  async verify(raw: string): Promise<Principal | null> {
    const parsed = parseApiKey(raw);
    if (!parsed) return null;
    let cached = this.cache.get(parsed.prefix);
    if (!cached || Date.now() - cached.loadedAt > CACHE_MS) {
      const key = await this.prisma.apiKey.findUnique({ where: { prefix: parsed.prefix } });
      if (!key) return null;
      cached = {
        id: key.id,
        name: key.name,
        secretHash: Buffer.from(key.secretHash, 'hex'),
        scopes: key.scopes as ApiKeyScope[],
        revoked: key.revokedAt !== null,
        loadedAt: Date.now(),
      };
      this.cache.set(parsed.prefix, cached);
    }
    if (cached.revoked || !timingSafeEqual(cached.secretHash, sha256(parsed.secret))) return null;
    this.touch(cached.id);
    return { kind: 'apiKey', keyId: cached.id, name: cached.name, scopes: cached.scopes };
  }

  /** Records use at most once a minute per key, off the request path. */
  private touch(id: number) {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.lastTouched.set(id, now);
    void this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }

  private present(key: { id: number; name: string; prefix: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; createdById: number | null }) {
    return {
      id: key.id,
      name: key.name,
      prefix: `rk_${key.prefix}`,
      scopes: key.scopes,
      createdById: key.createdById,
      createdAt: key.createdAt,
      lastUsedAt: key.lastUsedAt,
      revokedAt: key.revokedAt,
    };
  }
}
