import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  LA_RESULT_KINDS, LA_RESULT_PAGE_ELEMENTS, LA_RESULT_SUBJECT, LaResultRequest, ModelbusError, type LaResultManifest, type LaResultReply,
} from '@modelbus/contracts';
import { decodeMatrixBinaryRows } from '@modelbus/math-linalg';
import { ObjectStoresService } from '@modelbus/platform';

/**
 * `la.result`: the manifest of a jobs.la.* result, or a page of rows of one of its parts as JSON (for
 * clients without a binary reader). Reading a row range is a header check and one copy: no pool task.
 */
@Controller()
export class LaResultController {
  constructor(private readonly stores: ObjectStoresService) {}

  @MessagePattern(LA_RESULT_SUBJECT)
  async result(@Payload() req: LaResultRequest): Promise<LaResultReply> {
    const { value: manifest } = await this.stores.getJsonModel<LaResultManifest>(req.result);
    if (manifest.kind !== LA_RESULT_KINDS.svd && manifest.kind !== LA_RESULT_KINDS.pca) {
      throw new ModelbusError('FAILED_PRECONDITION', `"${req.result}" is not a jobs.la.* result (kind ${String(manifest.kind)})`);
    }
    if (req.part === undefined) return { manifest };
    const part = manifest.parts[req.part];
    if (!part) throw new ModelbusError('INVALID_ARGUMENT', `part must be one of ${Object.keys(manifest.parts).join(', ')} for ${req.result}, got "${req.part}"`);
    const { bytes } = await this.stores.getModel(part.object, LA_RESULT_KINDS.part);
    const rowOffset = req.rowOffset ?? 0;
    if (rowOffset > part.rows) throw new ModelbusError('INVALID_ARGUMENT', `rowOffset must be at most ${part.rows} (rows of ${req.part}), got ${rowOffset}`);
    // a page is capped at LA_RESULT_PAGE_ELEMENTS numbers so the JSON reply stays under NATS' max_payload
    const maxRows = Math.max(1, Math.floor(LA_RESULT_PAGE_ELEMENTS / Math.max(1, part.cols)));
    if (req.rowLimit !== undefined && req.rowLimit > maxRows) {
      throw new ModelbusError('INVALID_ARGUMENT', `rowLimit must be at most ${maxRows} for ${req.part} (${part.cols} columns, ${LA_RESULT_PAGE_ELEMENTS} numbers a page), got ${req.rowLimit}; fetch the whole part in binary from object ${part.object}`);
    }
    const rowLimit = req.rowLimit ?? maxRows;
    const m = decodeMatrixBinaryRows(bytes, rowOffset, rowLimit, part.object);
    return { part: req.part, rows: part.rows, cols: part.cols, rowOffset, matrix: { rows: m.rows, cols: m.cols, data: Array.from(m.data) } };
  }
}
