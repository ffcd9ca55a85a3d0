import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface StoredTemplate {
  id: number;
  name: string;
  subject: string;
  body: string;
}

/** Reads saved templates for sending and for flow validation (TemplatesService owns the writes). */
@Injectable()
export class EmailTemplatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(id: number): Promise<StoredTemplate | null> {
    return this.prisma.emailTemplate.findUnique({ where: { id }, select: { id: true, name: true, subject: true, body: true } });
  }
}
