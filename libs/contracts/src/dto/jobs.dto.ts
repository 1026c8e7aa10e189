import { IsDefined, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { JOB_ID_PATTERN } from '../subjects';

/** Envelope of a job message on `jobs.<svc>.<kind>`; params are validated per kind. */
export class JobSubmissionDto {
  @IsOptional() @IsString() @Matches(JOB_ID_PATTERN, { message: 'jobId must be 1-128 letters, digits, "-" or "_"' })
  jobId?: string;

  @IsDefined() @IsObject()
  params!: Record<string, unknown>;
}

/** `ops.<svc>.jobs.cancel`. */
export class CancelJobRequest {
  @IsString() @Matches(JOB_ID_PATTERN, { message: 'jobId must be 1-128 letters, digits, "-" or "_"' })
  jobId!: string;
}
