import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MatmulRequest, SUBJECTS, type MatmulReply, type MatrixDto } from '@modelbus/contracts';
import type { Matrix } from '@modelbus/math-linalg';
import { WorkerPoolService } from '@modelbus/platform';
import { matrixFromDto, matrixToJson } from '../matrix-json';

@Controller()
export class MatmulController {
  constructor(private readonly pool: WorkerPoolService) {}

  /** c = a · b, computed in the worker pool (operands moved to the worker, not copied). */
  @MessagePattern(SUBJECTS.laMatmul)
  async matmul(@Payload() req: MatmulRequest): Promise<MatmulReply> {
    const a = matrixFromDto(req.a as MatrixDto);
    const b = matrixFromDto(req.b as MatrixDto);
    const { c } = await this.pool.run<{ c: Matrix }>('matmul', { a, b }, { transfer: [a.data.buffer as ArrayBuffer, b.data.buffer as ArrayBuffer] });
    return { c: matrixToJson(c) };
  }
}
