import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { ModelbusError, type ErrorBody } from '@modelbus/contracts';
import { toErrorBody } from '../worker/error-mapping';

/**
 * Every error of a request handler (validation, pool, math, bugs) becomes an error body; an
 * unexpected one is logged with its stack and answered INTERNAL, and the service carries on.
 */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Rpc');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'rpc') throw exception;
    let body: ErrorBody;
    if (exception instanceof ModelbusError) body = exception.toBody();
    else if (exception instanceof RpcException) body = toErrorBody(exception.getError());
    else body = toErrorBody(exception);
    if (body.code === 'INTERNAL') {
      const subject = host.switchToRpc().getContext()?.getSubject?.();
      this.logger.error({ msg: 'request failed', subject, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception });
    }
    return throwError(() => body);
  }
}
