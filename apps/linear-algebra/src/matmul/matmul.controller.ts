import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MatmulRequest, SUBJECTS, type MatmulReply, type MatrixDto } from '@modelbus/contracts';
import type { Matrix, MatrixF32 } from '@modelbus/math-linalg';
import { WorkerPoolService } from '@modelbus/platform';
import { matrixFromDto, matrixToJson } from '../matrix-json';

@Controller()
export class MatmulController {
  constructor(private readonly pool: WorkerPoolService) {}

  /** c = a · b in f64 (default) or f32 (`dtype`), computed in the worker pool (operands moved to the worker, not copied). */
  @MessagePattern(SUBJECTS.laMatmul)
  async matmul(@Payload() req: MatmulRequest): Promise<MatmulReply> {
    const a = matrixFromDto(req.a as MatrixDto);
    const b = matrixFromDto(req.b as MatrixDto);
    const dtype = req.dtype ?? 'f64';
    const { c } = await this.pool.run<{ c: Matrix | MatrixF32 }>('matmul', { a, b, dtype }, { transfer: [a.data.buffer as ArrayBuffer, b.data.buffer as ArrayBuffer] });
    return { c: matrixToJson(c), dtype };
  }
}
