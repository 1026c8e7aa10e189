import 'reflect-metadata';
import { bootstrapService } from '@modelbus/platform';
import { appModule } from './app.module';
import { REC_LIMITS } from './limits';

bootstrapService('recommendation', appModule, { limits: REC_LIMITS }).catch((err) => {
  process.stderr.write(`recommendation failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
