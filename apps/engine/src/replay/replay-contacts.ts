// Placeholder contacts for a replay: Online Retail has no addresses or consent, so the replayed
// customers get `customer-<id>@replay.invalid` (a reserved domain that cannot receive mail) with
// consent given by the replay, for the time of the replay only. Its emails go to the in-process
// capture server; afterwards the placeholders are removed again (customers who had an address or
// consent of their own are never touched).
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export const REPLAY_EMAIL_DOMAIN = 'replay.invalid';

@Injectable()
export class ReplayContacts {
  constructor(private readonly prisma: PrismaService) {}

  async give(customerIds: readonly number[], from: string): Promise<number> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE customers SET email = 'customer-' || id || '@${REPLAY_EMAIL_DOMAIN}', email_consent = true,
              attributes = attributes || jsonb_build_object('replayContact', jsonb_build_object('consent', 'given by the replay from ' || $2::text, 'email', 'customer-' || id || '@${REPLAY_EMAIL_DOMAIN}'))
        WHERE id = ANY($1::int[]) AND email IS NULL AND NOT email_consent`,
      [customerIds, from],
    );
    return rowCount ?? 0;
  }

  async remove(): Promise<number> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE customers SET email = NULL, email_consent = false, attributes = attributes - 'replayContact'
        WHERE attributes ? 'replayContact' AND email = attributes->'replayContact'->>'email'`,
    );
    return rowCount ?? 0;
  }
}
