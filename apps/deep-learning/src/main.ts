import 'reflect-metadata';
import { bootstrapService } from '@modelbus/platform';
import { appModule } from './app.module';

bootstrapService('deep-learning', appModule).catch((err) => {
  process.stderr.write(`deep-learning failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
