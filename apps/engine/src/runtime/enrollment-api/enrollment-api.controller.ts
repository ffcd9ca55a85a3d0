import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { WriteAccess } from '../../auth/access.decorator';
import { ApiZodBody } from '../../common/validation/api-zod';
import { ZodPipe } from '../../common/validation/zod-body.pipe';
import { flowIdParam } from '../../flows/flows.schemas';
import { enrollBodyDoc } from './enrollment-api.schemas';
import { EnrollmentApiService } from './enrollment-api.service';

@ApiTags('flows')
@Controller('api/flows')
export class EnrollmentApiController {
  constructor(private readonly enrollments: EnrollmentApiService) {}

  @Post(':id/enrollments')
  @HttpCode(200)
  @WriteAccess()
  @ApiZodBody(enrollBodyDoc)
  @ApiOperation({ summary: "Enroll customers (ids, external ids or a segment's members) into an active flow's current version; counts of enrolled and skipped with reasons" })
  enroll(@Param('id', new ZodPipe(flowIdParam, 'flow id')) id: number, @Body() body: unknown) {
    return this.enrollments.enroll(id, body);
  }
}
