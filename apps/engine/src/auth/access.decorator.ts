import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth } from '@nestjs/swagger';
import { Role } from '../generated/prisma/enums';

export type ApiKeyScope = 'ingest' | 'read';
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['ingest', 'read'];
export const ROLES: readonly Role[] = ['admin', 'marketer', 'analyst'];

/** Who may call a route: user roles, and API-key scopes. Every non-public route declares one. */
export interface AccessRule {
  roles: readonly Role[];
  scopes: readonly ApiKeyScope[];
}

export const ACCESS_KEY = 'retain:access';
export const PUBLIC_KEY = 'retain:public';

export const Access = (rule: AccessRule) =>
  applyDecorators(SetMetadata(ACCESS_KEY, rule), ApiBearerAuth(), ...(rule.scopes.length ? [ApiBasicAuth()] : []));

/** No credentials needed (login, health, the tracking pixel later). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Reading data: every role, and API keys with the `read` scope. */
export const ReadAccess = () => Access({ roles: ROLES, scopes: ['read'] });
/** Changing marketing objects (flows, segments): admins and marketers. */
export const WriteAccess = () => Access({ roles: ['admin', 'marketer'], scopes: [] });
/** Users, keys, data imports: admins only. */
export const AdminAccess = (scopes: readonly ApiKeyScope[] = []) => Access({ roles: ['admin'], scopes });
/** Sending data in: API keys with the `ingest` scope (Segment write keys), and admins. */
export const IngestAccess = () => Access({ roles: ['admin'], scopes: ['ingest'] });
