import { Controller, Get, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorator';
import { DomainError } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { Clock } from '../runtime/clock';
import { trackingLinksFrom, type TrackingTokens } from './tracking-tokens';
import { TrackingRecorder } from './tracking-recorder';

/** A transparent 1×1 GIF (43 bytes). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The links inside flow emails: public (mail clients have no credentials), so they prove
 * themselves with a signed token instead. A bad token records nothing; a bad click token is a 400,
 * never a redirect.
 */
@ApiTags('tracking')
@Controller('t')
export class TrackingController {
  private readonly logger = new Logger('Tracking');
  private readonly tokens: TrackingTokens;

  constructor(
    private readonly recorder: TrackingRecorder,
    private readonly clock: Clock,
    @Inject(ENV) env: Env,
  ) {
    this.tokens = trackingLinksFrom(env).tokens;
  }

  @Get('o/:file')
  @Public()
  @ApiParam({ name: 'file', description: 'The signed open token followed by .gif' })
  @ApiProduces('image/gif')
  @ApiResponse({ status: 200, description: 'A transparent 1×1 GIF, whatever the token (an invalid one records nothing)' })
  @ApiOperation({ summary: 'Open pixel of a flow email: records the first open (email_opened outcome and customer event)' })
  open(@Param('file') file: string, @Res() res: Response): void {
    // answer at once; recording happens after, and its failure never breaks the image
    res.set({ 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0', Pragma: 'no-cache' }).send(PIXEL);
    const deliveryId = this.tokens.verifyOpen(file.replace(/\.gif$/i, ''));
    if (deliveryId === null) return;
    this.recorder.recordOpen(deliveryId, this.clock.now()).catch((error: Error) => this.logger.warn(`Could not record an open of delivery ${deliveryId}: ${error.message}`));
  }

  @Get('c/:token')
  @Public()
  @ApiParam({ name: 'token', description: 'The signed click token (covers the delivery and the target address)' })
  @ApiQuery({ name: 'u', required: true, description: 'The address the link leads to' })
  @ApiResponse({ status: 302, description: 'Redirect to the link’s address' })
  @ApiResponse({ status: 400, description: 'The token is not valid for this address: no redirect' })
  @ApiOperation({ summary: 'Click link of a flow email: records the click (email_clicked outcome and customer event) and redirects' })
  async click(@Param('token') token: string, @Query('u') url: unknown, @Res() res: Response): Promise<void> {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) throw new DomainError('VALIDATION_FAILED', 'This link has no valid target address (the u parameter must be an http or https address).');
    const deliveryId = this.tokens.verifyClick(token, url);
    if (deliveryId === null) throw new DomainError('VALIDATION_FAILED', 'This link is not valid: its signature does not match the address. It may have been altered; open the original email again.');
    try {
      await this.recorder.recordClick(deliveryId, url, this.clock.now());
    } catch (error) {
      // the customer still gets where they wanted to go
      this.logger.warn(`Could not record a click of delivery ${deliveryId}: ${(error as Error).message}`);
    }
    res.redirect(302, url);
  }
}
