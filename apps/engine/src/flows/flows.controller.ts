import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiZodBody, ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { FlowsService } from './flows.service';
import { createFlowBodyDoc, flowIdParam, importBodyDoc, listFlowsQuery, publishBody, saveDraftBodyDoc, versionParam } from './flows.schemas';
import { FlowSimulationService } from './simulation/flow-simulation.service';
import { simulateBodyDoc } from './simulation/simulation.schemas';

const idPipe = () => new ZodPipe(flowIdParam, 'flow id');

// Bodies that carry a flow definition are parsed by the service (envelope and definition together,
// so one 400 lists every problem); the ...Doc schemas document them.
@ApiTags('flows')
@Controller('api/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly simulation: FlowSimulationService,
  ) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(listFlowsQuery)
  @ApiOperation({ summary: 'Flows with status, published and draft version numbers, and the last change (when, who)' })
  list(@Query(new ZodPipe(listFlowsQuery, 'query')) query: z.infer<typeof listFlowsQuery>) {
    return this.flows.list(query);
  }

  @Post()
  @WriteAccess()
  @ApiZodBody(createFlowBodyDoc)
  @ApiOperation({ summary: 'Create a flow with draft version 1 (by default just a trigger)' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.flows.create(principal, body);
  }

  @Post('import')
  @WriteAccess()
  @ApiZodBody(importBodyDoc)
  @ApiOperation({ summary: 'Create a flow from an exported document; its definition becomes the draft (the name gets " (2)" if taken)' })
  importFlow(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.flows.importFlow(principal, body);
  }

  @Get(':id')
  @ReadAccess()
  @ApiOperation({ summary: 'A flow with its draft (and its structural problems) and its published version' })
  get(@Param('id', idPipe()) id: number) {
    return this.flows.get(id);
  }

  @Put(':id/draft')
  @WriteAccess()
  @ApiZodBody(saveDraftBodyDoc)
  @ApiOperation({ summary: 'Save the draft; incomplete flows are accepted, and their structural problems returned' })
  saveDraft(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number, @Body() body: unknown) {
    return this.flows.saveDraft(principal, id, body);
  }

  @Post(':id/validate')
  @ReadAccess()
  @HttpCode(200)
  @ApiOperation({ summary: 'Every problem of the draft (or of the published version), segments, models and templates included' })
  validate(@Param('id', idPipe()) id: number) {
    return this.flows.validate(id);
  }

  @Post(':id/simulate')
  @ReadAccess()
  @HttpCode(200)
  @ApiZodBody(simulateBodyDoc)
  @ApiOperation({ summary: 'Dry run on today’s customers: how many would reach each step and take each connection (nothing is written or sent)' })
  simulate(@Param('id', idPipe()) id: number, @Body() body: unknown) {
    return this.simulation.simulate(id, body);
  }

  @Post(':id/publish')
  @WriteAccess()
  @HttpCode(200)
  @ApiZodBody(publishBody)
  @ApiOperation({ summary: 'Publish the draft as a new immutable version (refused, with every problem, if it is not valid); says what changed' })
  publish(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number, @Body() body: unknown) {
    return this.flows.publish(principal, id, body);
  }

  @Post(':id/pause')
  @WriteAccess()
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop enrolling and advancing customers' })
  pause(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number) {
    return this.flows.pause(principal, id);
  }

  @Post(':id/resume')
  @WriteAccess()
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a paused flow again' })
  resume(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number) {
    return this.flows.resume(principal, id);
  }

  @Delete(':id')
  @WriteAccess()
  @ApiOperation({ summary: 'Archive: the flow stops and becomes read-only; its name is free again' })
  archive(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number) {
    return this.flows.archive(principal, id);
  }

  @Get(':id/versions')
  @ReadAccess()
  @ApiOperation({ summary: 'Every version, newest first' })
  versions(@Param('id', idPipe()) id: number) {
    return this.flows.listVersions(id);
  }

  @Get(':id/versions/:version')
  @ReadAccess()
  @ApiOperation({ summary: 'One version (published or draft), read-only' })
  version(@Param('id', idPipe()) id: number, @Param('version', new ZodPipe(versionParam, 'version')) version: number) {
    return this.flows.getVersion(id, version);
  }

  @Get(':id/export')
  @ReadAccess()
  @ApiOperation({ summary: 'Download the flow (its draft, else its published version) as a retain-flow JSON document' })
  async exportFlow(@Param('id', idPipe()) id: number, @Res({ passthrough: true }) response: Response) {
    const { filename, document } = await this.flows.exportFlow(id);
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    return document;
  }
}
