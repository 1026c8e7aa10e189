import 'reflect-metadata';
import { bootstrapService } from '@modelbus/platform';
import { appModule } from './app.module';

bootstrapService('linear-algebra', appModule).catch((err) => {
  process.stderr.write(`linear-algebra failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
