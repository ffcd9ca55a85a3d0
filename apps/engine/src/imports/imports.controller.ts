import { Body, Controller, Get, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { AdminAccess, ReadAccess } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { ApiZodQuery } from '../common/validation/api-zod';
import { parseInput } from '../common/validation/parse';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportService } from './import.service';
import { mappingSchema } from './mapping';
import { importIdParam, listImportsQuery, uploadBodyOpenApi, uploadFieldsSchema } from './imports.schemas';
import { CsvUploadInterceptor } from './upload.interceptor';

@ApiTags('imports')
@Controller('api/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly jobs: ImportJobsRepository,
  ) {}

  @Post()
  @AdminAccess(['ingest'])
  @UseInterceptors(CsvUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: uploadBodyOpenApi as never })
  @ApiOperation({ summary: 'Import a CSV (or gzip) file of customers or transactions', description: 'Answers 201 with the report, or 422 IMPORT_REJECTED with the problems when an all-or-nothing import finds bad rows (nothing is stored then).' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: unknown) {
    const file = request.file;
    const fields = parseInput(uploadFieldsSchema, body ?? {}, 'import form');
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Attach the CSV file in a field named "file".', [{ path: 'file', message: 'file: required' }]);
    const mapping = fields.mapping === undefined ? undefined : parseInput(mappingSchema(fields.kind), parseMappingJson(fields.mapping), 'mapping');
    const report = await this.imports.run({
      kind: fields.kind,
      filePath: file.path,
      fileName: file.originalname || 'upload.csv',
      mode: fields.mode,
      preset: fields.preset,
      mapping,
      options: { timeZone: fields.timeZone, currency: fields.currency, dateFormat: fields.dateFormat, skipRowsWithoutCustomer: fields.skipRowsWithoutCustomer, cancellationPrefix: fields.cancellationPrefix },
      actor: principal.kind === 'user' ? { userId: principal.userId, label: `user ${principal.userId}` } : { userId: null, label: `apiKey ${principal.keyId}` },
    });
    if (report.status === 'rejected') {
      throw new DomainError('IMPORT_REJECTED', `Import ${report.jobId} stored nothing: ${report.rejected} bad row(s), ${report.problemCount} problem(s). ${report.problems[0]?.message ?? ''}`.trim(), report.problems);
    }
    return report;
  }

  @Get()
  @ReadAccess()
  @ApiZodQuery(listImportsQuery)
  list(@Query(new ZodPipe(listImportsQuery, 'query')) query: z.infer<typeof listImportsQuery>) {
    return this.jobs.list(query.limit, query.before);
  }

  @Get(':id')
  @ReadAccess()
  get(@Param('id', new ZodPipe(importIdParam, 'import id')) id: number) {
    return this.jobs.get(id);
  }
}

function parseMappingJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `The mapping is not valid JSON: ${(error as Error).message}.`, [{ path: 'mapping', message: 'mapping: not valid JSON' }]);
  }
}
