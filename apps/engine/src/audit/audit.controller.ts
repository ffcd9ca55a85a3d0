import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AdminAccess } from '../auth/access.decorator';
import { ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { AuditService } from './audit.service';

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().regex(/^\d+$/, 'before must be an entry id').optional().describe('Entries older than this id (paging)'),
});

@ApiTags('audit')
@Controller('api/audit')
@AdminAccess()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiZodQuery(auditQuery)
  async list(@Query(new ZodPipe(auditQuery, 'query')) query: z.infer<typeof auditQuery>) {
    const entries = await this.audit.list(query.limit, query.before ? BigInt(query.before) : undefined);
    return entries.map((e) => ({ ...e, id: e.id.toString() }));
  }
}
