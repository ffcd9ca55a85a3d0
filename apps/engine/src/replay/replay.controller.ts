import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess } from '../auth/access.decorator';
import { ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { ReplayService } from './replay.service';

export const listReplaysQuery = z.object({ flowId: z.coerce.number().int().positive().max(2 ** 31 - 1).optional().describe('Only the replay of this flow') }).strict();

/**
 * Which flows are replays of past data (screens say so next to their results). Replays run from
 * the command line (`npm run retain -- replay`): they move the runtime clock of the process.
 */
@ApiTags('replays')
@Controller('api/replays')
export class ReplayController {
  constructor(private readonly replays: ReplayService) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(listReplaysQuery)
  @ApiOperation({ summary: 'Replayed flows (replay: true): cutoff, note for the screens, the replay model and the last summary (per arm exposures and real-purchase conversions)' })
  async list(@Query(new ZodPipe(listReplaysQuery, 'query')) query: z.infer<typeof listReplaysQuery>) {
    const rows = await this.replays.list(query.flowId);
    return { items: rows.map((row) => ({ replay: true as const, ...row })) };
  }
}
