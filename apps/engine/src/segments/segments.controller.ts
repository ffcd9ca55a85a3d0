import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiZodBody, ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { SegmentRefreshQueue } from './refresh-queue';
import { SegmentDefinitions } from './segment-definitions';
import { SegmentPreview } from './segment-preview';
import { SegmentQueries } from './segment-queries';
import { historyQuery, listSegmentsQuery, manualMembersBody, membersQuery, previewInput, segmentIdParam, segmentInput, segmentPatch, sizeHistoryQuery } from './segments.schemas';

const idPipe = () => new ZodPipe(segmentIdParam, 'segment id');

@ApiTags('segments')
@Controller('api/segments')
export class SegmentsController {
  constructor(
    private readonly definitions: SegmentDefinitions,
    private readonly queries: SegmentQueries,
    private readonly preview: SegmentPreview,
    private readonly queue: SegmentRefreshQueue,
  ) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(listSegmentsQuery)
  list(@Query(new ZodPipe(listSegmentsQuery, 'query')) query: z.infer<typeof listSegmentsQuery>) {
    return this.queries.list(query);
  }

  @Get('facts')
  @ReadAccess()
  @ApiOperation({ summary: 'The facts a rule segment may use (the condition editor’s catalogue)' })
  facts() {
    return this.queries.facts();
  }

  @Post()
  @WriteAccess()
  @ApiZodBody(segmentInput)
  @ApiOperation({ summary: 'Create a segment; it is refreshed before the response' })
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(segmentInput, 'segment')) input: z.infer<typeof segmentInput>) {
    return this.definitions.create(principal, input);
  }

  @Post('preview')
  @WriteAccess()
  @HttpCode(200)
  @ApiZodBody(previewInput)
  @ApiOperation({ summary: 'Count and sample of an unsaved definition; writes nothing' })
  previewDefinition(@Body(new ZodPipe(previewInput, 'preview')) input: z.infer<typeof previewInput>) {
    return this.preview.preview(input.kind, input.definition, input.sampleSize);
  }

  @Get(':id')
  @ReadAccess()
  get(@Param('id', idPipe()) id: number) {
    return this.queries.get(id);
  }

  @Patch(':id')
  @WriteAccess()
  @ApiZodBody(segmentPatch)
  @ApiOperation({ summary: 'Rename or change the definition (a new definition is refreshed before the response)' })
  update(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number, @Body() body: unknown) {
    return this.definitions.update(principal, id, body);
  }

  @Delete(':id')
  @WriteAccess()
  @ApiOperation({ summary: 'Archive: every member exits with the reason “segment archived”' })
  archive(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number) {
    return this.definitions.archive(principal, id);
  }

  @Get(':id/members')
  @ReadAccess()
  @ApiZodQuery(membersQuery)
  members(@Param('id', idPipe()) id: number, @Query(new ZodPipe(membersQuery, 'query')) query: z.infer<typeof membersQuery>) {
    return this.queries.members(id, query.page, query.pageSize);
  }

  @Put(':id/members')
  @WriteAccess()
  @ApiZodBody(manualMembersBody)
  @ApiOperation({ summary: 'Replace the list of a manual segment (external ids or customer ids)' })
  replaceMembers(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number, @Body() body: unknown) {
    return this.definitions.replaceMembers(principal, id, body);
  }

  @Get(':id/history')
  @ReadAccess()
  @ApiZodQuery(historyQuery)
  history(@Param('id', idPipe()) id: number, @Query(new ZodPipe(historyQuery, 'query')) query: z.infer<typeof historyQuery>) {
    return this.queries.history(id, query);
  }

  @Get(':id/size-history')
  @ReadAccess()
  @ApiZodQuery(sizeHistoryQuery)
  sizeHistory(@Param('id', idPipe()) id: number, @Query(new ZodPipe(sizeHistoryQuery, 'query')) query: z.infer<typeof sizeHistoryQuery>) {
    return this.queries.sizeHistory(id, query.days);
  }

  @Post(':id/refresh')
  @WriteAccess()
  @HttpCode(200)
  @ApiOperation({ summary: 'Refresh now (and the segments that use this one); answers when done' })
  async refresh(@Param('id', idPipe()) id: number) {
    await this.queries.get(id);
    const results = await this.queue.enqueueSegments([id]);
    return { results, segment: await this.queries.get(id) };
  }
}
