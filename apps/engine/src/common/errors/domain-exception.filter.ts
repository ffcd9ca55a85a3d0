import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error';

/** The one place where errors become HTTP responses: `{ statusCode, code, message, details? }`. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const { code, message, details, status } = this.describe(exception);
    response.status(status).json({ statusCode: status, code, message, ...(details?.length ? { details } : {}) });
  }

  private describe(exception: unknown): { code: string; message: string; status: number; details?: unknown[] } {
    if (exception instanceof DomainError) {
      return { code: exception.code, message: exception.message, status: exception.status, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      const code = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 413 ? 'PAYLOAD_TOO_LARGE' : `HTTP_${status}`;
      return { code, message: Array.isArray(message) ? message.join('; ') : message, status };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { code: 'INTERNAL', message: 'Something went wrong on our side; the error is in the server log.', status: 500 };
  }
}
