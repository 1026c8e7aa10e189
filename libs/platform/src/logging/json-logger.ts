import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Nest logger writing one JSON object per line (pino) with service and instance on every line. */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  constructor(service: string, instance: string, level = 'info') {
    this.pino = pino({ level, base: { service, instance }, timestamp: pino.stdTimeFunctions.isoTime });
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string, trace?: string) {
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context, ...(trace ? { trace } : {}) }, String(message));
  }
}
